"""The names of the staff groups, shared by the pages app (which creates the groups and their page
rights) and the plugins (which grant them plugin rights). Stored names are what staff read in the
admin, so they are Chinese."""

EDITORS = "编辑"
REVIEWERS = "审核员"
VOLUNTEERS = "志愿者"
