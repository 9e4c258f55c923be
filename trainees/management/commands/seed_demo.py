from django.core.management.base import BaseCommand

from trainees.demo import DEMO_PASSWORD, seed_demo, seed_demo_stories


class Command(BaseCommand):
    help = (
        "Load the demo data: one user per role, a few programmes, about 70 trainees, their "
        "applications and return plans, and a year of history for the report page."
    )

    def handle(self, *args, **options):
        logins = seed_demo()
        seed_demo_stories()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in with:"))
        for login in logins:
            self.stdout.write(f"  {login.role:<28} {login.email:<30} password: {DEMO_PASSWORD}")
            if login.otpauth_uri:
                self.stdout.write(f"  {'':<28} authenticator: {login.otpauth_uri}")
        self.stdout.write(
            "Every role but the trainee needs a security code: add the otpauth URI to an "
            "authenticator app, or run `.venv/bin/python manage.py totp_code <email>`. "
            "Trainees can switch one on from their profile."
        )
