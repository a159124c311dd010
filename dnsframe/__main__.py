"""``python -m dnsframe``: the same as the ``dnsframe`` command."""

from dnsframe.cli import console

if __name__ == "__main__":
    console()
