"""``python -m dnsframe``: the same as the ``dnsframe`` command."""

from dnsframe.cli import main

if __name__ == "__main__":
    main()
