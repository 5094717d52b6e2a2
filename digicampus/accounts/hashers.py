"""Argon2id at OWASP's minimum parameters: 19 MiB of memory, two passes, one lane."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    """Django's Argon2 hasher (Argon2id) with a memory cost a 2-core server can afford per login.

    Django's defaults (100 MiB) cost about 220 ms per sign-in here; these cost about 20 ms and
    still meet OWASP's minimum. Hashes made with other parameters are upgraded on next sign-in.
    """

    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1
