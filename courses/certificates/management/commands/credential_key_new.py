"""Print a new Ed25519 signing key for CREDENTIAL_SIGNING_KEYS (`id=z...`)."""

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from courses.certificates.credentials.multikey import private_multibase


class Command(BaseCommand):
    help = (
        "Print a new credential signing key. Put it first in CREDENTIAL_SIGNING_KEYS and keep "
        "the old keys after it, so that credentials they signed still verify."
    )

    def add_arguments(self, parser):
        parser.add_argument("--id", default="", help="The key's id (default: key-YYYYMMDD).")

    def handle(self, *args, **options):
        key_id = options["id"] or timezone.now().strftime("key-%Y%m%d")
        if not key_id.replace("-", "").isalnum():
            raise CommandError("A key id has letters, digits and dashes only.")
        self.stdout.write(f"{key_id}={private_multibase(Ed25519PrivateKey.generate())}")
