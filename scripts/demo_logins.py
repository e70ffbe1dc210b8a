"""Prints the demo logins, one line per role (the README lists the same)."""

DEMO_LOGINS = [
    ("Administrator", "admin", "admin"),
]

for role, login, password in DEMO_LOGINS:
    print(f"    {role:<28} {login} / {password}")
