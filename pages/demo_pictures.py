"""Pictures for the demo community, drawn with Pillow: residential buildings, a garden before
and after its renovation, neighbours at a meeting. Simple shapes, but each shows something,
and each comes with alt text that says what it shows."""

import io
import random

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw

SIZE = (1200, 800)
HORIZON = 520
SKY = (170, 208, 238)
GRASS = (118, 176, 88)
EARTH = (150, 120, 86)
BRICK = [(196, 160, 130), (214, 196, 170), (180, 186, 196), (226, 214, 190)]
SHIRTS = [(179, 38, 30), (26, 95, 180), (38, 162, 105), (229, 165, 10), (97, 53, 131)]
SKIN = (238, 200, 164)


def draw(scene: str, seed: int = 0) -> ImageFile:
    """A JPEG of ``scene`` (one of SCENES), varied by ``seed``."""
    image = Image.new("RGB", SIZE, SKY)
    canvas = ImageDraw.Draw(image)
    SCENES[scene](canvas, random.Random(f"{scene}-{seed}"))  # noqa: S311 -- pictures, not secrets
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return ImageFile(buffer, name=f"{scene}-{seed}.jpg")


def _ground(canvas, colour):
    canvas.rectangle([0, HORIZON, SIZE[0], SIZE[1]], fill=colour)


def _sun(canvas, rnd):
    x = rnd.randint(80, 1100)
    canvas.ellipse([x - 45, 50, x + 45, 140], fill=(250, 214, 90))


def _building(canvas, left, width, floors, colour):
    top = HORIZON - floors * 46 - 20
    canvas.rectangle([left, top, left + width, HORIZON], fill=colour, outline=(110, 96, 84))
    canvas.rectangle([left - 6, top - 14, left + width + 6, top], fill=(150, 64, 52))
    for floor in range(floors):
        y = top + 20 + floor * 46
        for x in range(left + 16, left + width - 30, 44):
            canvas.rectangle([x, y, x + 26, y + 28], fill=(250, 236, 170), outline=(90, 90, 90))
    door = left + width // 2
    canvas.rectangle([door - 18, HORIZON - 50, door + 18, HORIZON], fill=(120, 72, 40))


def _tree(canvas, x, base, rnd):
    height = rnd.randint(90, 150)
    canvas.rectangle([x - 8, base - height, x + 8, base], fill=(110, 76, 46))
    for dx, dy, r in ((0, -height, 55), (-35, -height + 30, 40), (35, -height + 30, 40)):
        green = (40 + rnd.randint(0, 40), 130 + rnd.randint(0, 50), 60)
        canvas.ellipse([x + dx - r, base + dy - r, x + dx + r, base + dy + r], fill=green)


def _flowers(canvas, rnd, count=90):
    for _ in range(count):
        x, y = rnd.randint(0, SIZE[0]), rnd.randint(HORIZON + 120, SIZE[1] - 10)
        colour = rnd.choice([(230, 60, 90), (250, 200, 40), (240, 240, 250), (170, 80, 200)])
        canvas.ellipse([x - 7, y - 7, x + 7, y + 7], fill=colour)


def _person(canvas, x, base, colour, scale=1.0):
    body, head = int(70 * scale), int(22 * scale)
    canvas.rounded_rectangle([x - 26 * scale, base - body, x + 26 * scale, base], 14, fill=colour)
    canvas.ellipse([x - head, base - body - 2 * head, x + head, base - body], fill=SKIN)
    canvas.pieslice(
        [x - head, base - body - 2 * head, x + head, base - body], 180, 360, fill=(40, 36, 34)
    )


def buildings(canvas, rnd):
    _sun(canvas, rnd)
    _ground(canvas, GRASS)
    left = 30
    while left < SIZE[0] - 150:
        width = rnd.randint(180, 260)
        _building(canvas, left, width, rnd.randint(5, 9), rnd.choice(BRICK))
        left += width + rnd.randint(30, 70)
    canvas.rectangle([0, HORIZON + 60, SIZE[0], HORIZON + 110], fill=(160, 160, 160))
    for x in range(60, SIZE[0], 240):
        _tree(canvas, x, SIZE[1] - 40, rnd)


def garden(canvas, rnd):
    _sun(canvas, rnd)
    _ground(canvas, GRASS)
    _building(canvas, 60, 260, 6, rnd.choice(BRICK))
    _building(canvas, 880, 260, 6, rnd.choice(BRICK))
    canvas.polygon(
        [(520, SIZE[1]), (680, SIZE[1]), (640, HORIZON), (560, HORIZON)], fill=(214, 200, 170)
    )
    for x in (420, 780, 470, 730):
        _tree(canvas, x, HORIZON + rnd.randint(40, 120), rnd)
    _flowers(canvas, rnd)
    canvas.rectangle([180, 690, 360, 705], fill=(140, 92, 52))  # a bench
    canvas.rectangle([190, 705, 200, 740], fill=(90, 60, 40))
    canvas.rectangle([340, 705, 350, 740], fill=(90, 60, 40))


def garden_before(canvas, rnd):
    canvas.rectangle([0, 0, SIZE[0], HORIZON], fill=(196, 204, 210))
    _ground(canvas, EARTH)
    _building(canvas, 60, 260, 6, (190, 186, 180))
    _building(canvas, 880, 260, 6, (190, 186, 180))
    for _ in range(40):  # bare patches, rubble and litter
        x, y = rnd.randint(0, SIZE[0]), rnd.randint(HORIZON + 30, SIZE[1] - 20)
        w = rnd.randint(10, 50)
        canvas.rectangle(
            [x, y, x + w, y + w // 2], fill=rnd.choice([(120, 120, 120), (90, 80, 70)])
        )
    for _ in range(60):
        x, y = rnd.randint(0, SIZE[0]), rnd.randint(HORIZON + 20, SIZE[1])
        canvas.line([x, y, x + rnd.randint(-8, 8), y - 24], fill=(96, 130, 60), width=4)


def meeting(canvas, rnd):
    canvas.rectangle([0, 0, SIZE[0], SIZE[1]], fill=(236, 228, 212))  # the room
    canvas.rectangle([0, 600, SIZE[0], SIZE[1]], fill=(176, 140, 100))  # the floor
    canvas.rectangle([300, 60, 900, 150], fill=(179, 38, 30))  # a banner
    canvas.rectangle([330, 90, 870, 120], fill=(250, 214, 90))
    canvas.rectangle([150, 230, 370, 380], fill=(250, 250, 250), outline=(90, 90, 90), width=4)
    for row, y in enumerate((470, 640)):
        for n in range(6):
            x = 180 + n * 170 + (85 if row else 0)
            _person(canvas, x, y, rnd.choice(SHIRTS), 1.0 + 0.2 * row)
    canvas.rectangle([120, 600, 1080, 640], fill=(120, 84, 50))  # the table in front


SCENES = {
    "buildings": buildings,
    "garden": garden,
    "garden_before": garden_before,
    "meeting": meeting,
}

ALT = {
    "buildings": "示意图：蓝天下几栋多层居民楼，楼前有道路和行道树",
    "garden": "示意图：两栋楼之间整修好的绿地，有小路、树木、花丛和长椅",
    "garden_before": "示意图：改造前的楼间空地，泥土裸露，散落着杂物和杂草",
    "meeting": "示意图：居委会会议室里，居民们围坐在桌前开会，墙上挂着横幅",
}
