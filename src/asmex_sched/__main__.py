"""``python -m asmex_sched``."""

from asmex_sched.cli import main

if __name__ == "__main__":
    main()
