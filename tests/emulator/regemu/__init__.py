"""regemu: a local emulator of the Altinn Resource Registry, Maskinporten and
the Altinn token exchange, written against ../shared/spec/registry-api.md.

Only the Python standard library and Debian's python3-cryptography are used.
"""
