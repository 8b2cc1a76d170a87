"""How passwords are stored: Argon2id with the parameters OWASP lists as a minimum (19 MiB of
memory, 2 passes, 1 lane), see docs/adr/0009-argon2id-for-passwords.md. Hashes stored
earlier with another hasher in `PASSWORD_HASHERS` still verify and are stored again with
this one at the next login."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    """Django's Argon2 hasher (argon2id) with OWASP's first set of minimum parameters."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
