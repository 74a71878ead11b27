"""The names of the staff groups, shared by the pages app (which creates the groups and their page
rights) and the plugins (which grant them plugin rights). Stored names are what staff read in the
admin, so they are Chinese. They are marked for translation (without translating them here) so
that a resident reading the access log summary in English reads the roles in English."""

from django.utils.translation import gettext_noop

EDITORS = gettext_noop("编辑")
REVIEWERS = gettext_noop("审核员")
VOLUNTEERS = gettext_noop("志愿者")
