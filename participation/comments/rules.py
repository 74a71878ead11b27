import rules

from participation.comments import predicates

rules.add_perm("participation_comments.add_comment", predicates.can_comment)
rules.add_perm("participation_comments.edit_comment", predicates.can_edit)
rules.add_perm("participation_comments.delete_own_comment", predicates.can_delete)
rules.add_perm("participation_comments.report_comment", predicates.can_report)
rules.add_perm("participation_comments.reply_officially", predicates.is_moderator)
