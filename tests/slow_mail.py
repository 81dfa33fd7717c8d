"""A mail backend for the fault tests: writes to a folder like Django's file backend,
but takes a second per message, so a worker can be killed in the middle of a send."""

import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        time.sleep(1.0)
        return super().send_messages(email_messages)
