"""Password rules in the residents' language.

Django 5.2 changed the wording of the minimum-length error (``%d`` instead of
``%(min_length)d``) and its Chinese catalogue still has only the old one, so the error showed in
English on the Chinese site. The message is ours, written like every other interface string.
"""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "密码太短：至少需要 %(min_length)d 个字符。",
            "密码太短：至少需要 %(min_length)d 个字符。",
            self.min_length,
        ) % {"min_length": self.min_length}
