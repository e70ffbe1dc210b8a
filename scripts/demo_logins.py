"""Prints the demo logins, one line per role (the README lists the same)."""

DEMO_LOGINS = [
    ("Administrator", "admin", "admin"),
    ("Decider (director)", "giamdoc", "giamdoc"),
    ("Manager (head of unit)", "truongphong", "truongphong"),
    ("User (specialist)", "chuyenvien", "chuyenvien"),
    ("HR Officer", "tochuc", "tochuc"),
    ("Party Committee (deputy)", "capuy", "capuy"),
    ("Province Officer", "sonoivu", "sonoivu"),
]

for role, login, password in DEMO_LOGINS:
    print(f"    {role:<28} {login} / {password}")
