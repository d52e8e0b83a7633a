"""Make a CSV file of about SIZE bytes for the ETL example: `id,name,city,amount,timestamp`
rows, deterministic (the same size gives the same file).

    python generate.py OUTPUT SIZE        (SIZE in bytes; suffixes K, M, G allowed)
"""
import sys

CITIES = ["Lisbon", "Oslo", "Nairobi", "Lima", "Osaka", "Quebec", "Tbilisi", "Perth"]
NAMES = ["ada", "grace", "linus", "guido", "barbara", "ken", "margaret", "dennis"]


def parse_size(text):
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    if text[-1].upper() in units:
        return int(float(text[:-1]) * units[text[-1].upper()])
    return int(text)


def block(first_id, rows):
    return "".join(
        f"{i},{NAMES[i % 8]},{CITIES[(i * 7) % 8]},{(i * 7919) % 100000 / 100:.2f},"
        f"2026-11-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00\n"
        for i in range(first_id, first_id + rows)
    ).encode()


def generate(path, size):
    written, next_id = 0, 0
    with open(path, "wb") as out:
        out.write(b"id,name,city,amount,timestamp\n")
        while written < size:
            chunk = block(next_id, 20000)
            out.write(chunk)
            written += len(chunk)
            next_id += 20000
    return written


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(generate(sys.argv[1], parse_size(sys.argv[2])))
