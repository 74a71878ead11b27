"""Demo data: placeholder until the demo loader step."""


def load():
    return None
