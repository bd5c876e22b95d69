"""The visual-attribute coding of the bundled battery, written once, by hand.

Each item's attributes are coded from its picture (contact sheets made by
``tools/attribute_sheets.py``, checked by eye: see ``tools/attribute_check.md``)
and from general knowledge of the object, in two steps that keep the table
readable:

1. a default set per basic category (what a bird, a fish or a tool has), then
2. per-item additions (``+``) and removals (``-``).

``tools/add_norms.py`` writes the result into the battery's ``items.csv`` as
``attr_<name>`` columns (0/1), beside the lexical frequencies and the visual
typicality.  ``ATTRIBUTES`` gives every attribute's English and Japanese name
and the rule used to code it.

束ねたバッテリーの視覚属性コーディング（手作業、画像と一般知識から）。
"""

from __future__ import annotations

# name: (English label, Japanese label, coding rule)
ATTRIBUTES = {
    "eyes": ("eyes", "目", "has eyes (animals)"),
    "legs_2": ("two legs", "2本の足", "walks on two legs"),
    "legs_4": ("four legs", "4本の足", "walks on four legs"),
    "legs_6plus": ("six or more legs", "6本以上の足", "six or more legs (insects)"),
    "wings": ("wings", "翼・はね", "has wings"),
    "feathers": ("feathers", "羽毛", "covered in feathers"),
    "beak": ("beak", "くちばし", "has a beak"),
    "fur": ("fur", "毛皮", "covered in fur or hair"),
    "tail": ("tail", "尾", "has a visible tail or tail fin"),
    "fins": ("fins", "ひれ", "has fins or flippers"),
    "scales": ("scales", "うろこ", "covered in scales"),
    "antennae": ("antennae", "触角", "has antennae"),
    "horns": ("horns", "角", "has horns or antlers"),
    "hump": ("hump", "こぶ", "has a hump"),
    "trunk": ("trunk", "長い鼻", "has a trunk"),
    "long_neck": ("long neck", "長い首", "neck clearly longer than the head"),
    "mane": ("mane", "たてがみ", "has a mane"),
    "stripes": ("stripes", "しま模様", "striped coat, skin or surface"),
    "spots": ("spots", "斑点", "spotted or dotted surface"),
    "hooves": ("hooves", "ひづめ", "has hooves"),
    "whiskers": ("whiskers", "ひげ", "has whiskers"),
    "crest": ("crest or comb", "とさか", "crest, comb or crown of feathers on the head"),
    "large_ears": ("large ears", "大きな耳", "ears large for the animal"),
    "leaves": ("leaves", "葉", "leaves are part of the object as shown or eaten"),
    "stalk": ("stalk", "茎・へた", "stalk, stem or stem end"),
    "seeds": ("seeds", "種", "visible seeds, pips or kernels"),
    "peel": ("peel", "皮（むく）", "a skin or peel that is removed before eating"),
    "round": ("round", "丸い", "roughly round or spherical outline"),
    "elongated": ("elongated", "細長い", "much longer than wide"),
    "wheels": ("wheels", "車輪", "has wheels"),
    "windows": ("windows", "窓", "has windows"),
    "engine": ("engine", "エンジン", "driven by an engine"),
    "handle": ("handle", "取っ手・柄", "has a handle or grip"),
    "blade": ("blade", "刃", "has a blade or cutting edge"),
    "strings": ("strings", "弦", "has strings"),
    "keys": ("keys or valves", "キー・ピストン", "has keys or valves"),
    "spout": ("spout", "注ぎ口", "has a spout or lip for pouring"),
    "metal": ("metal", "金属製", "made mainly of metal"),
    "container": ("container", "容器", "holds a liquid"),
    "sail": ("sail", "帆", "has a sail"),
}

DEFAULTS = {
    "bird": "eyes legs_2 wings feathers beak tail",
    "mammal": "eyes legs_4 fur tail",
    "fish": "eyes fins scales tail",
    "insect": "eyes legs_6plus wings antennae",
    "fruit": "round",
    "vegetable": "",
    "vehicle": "wheels windows engine metal",
    "tool": "handle metal",
    "kitchenware": "container",
    "musical instrument": "",
    "ball": "round",
}

CHANGES = {
    # birds
    "blackbird": "", "chicken": "+crest", "crane": "+crest +long_neck", "cuckoo": "", "duck": "",
    "goose": "+long_neck", "guinea_fowl": "+spots", "heron": "+long_neck", "lark": "+crest",
    "magpie": "", "ostrich": "+long_neck", "owl": "", "peacock": "+crest", "pelican": "",
    "penguin": "", "pigeon": "", "flamingo": "+long_neck", "parrot": "", "rooster": "+crest",
    "seagull": "", "toucan": "", "turkey": "", "vulture": "",
    # fish
    "groper": "", "butterflyfish": "+stripes", "clownfish": "+stripes", "coral_trout": "+spots",
    "lionfish": "+stripes", "wrasse": "", "seahorse": "-scales +elongated", "dolphinfish": "",
    # insects
    "fly": "", "grasshopper": "", "hornet": "+stripes", "hoverfly": "+stripes", "mantis": "+elongated",
    "moth": "",
    # mammals
    "bear": "-tail", "bison": "+horns +hooves +hump +mane", "cow": "+horns +hooves", "goat": "+horns +hooves",
    "sheep": "+hooves", "camel": "+hump +hooves +long_neck", "deer": "+horns +hooves", "dog": "+whiskers",
    "fox": "+whiskers", "elephant": "-fur +trunk +large_ears", "donkey": "+hooves +mane +large_ears",
    "horse": "+hooves +mane", "zebra": "+hooves +mane +stripes", "giraffe": "+hooves +long_neck +spots +horns",
    "gorilla": "-legs_4 +legs_2 -tail", "hippopotamus": "-fur", "kangaroo": "-legs_4 +legs_2 +large_ears",
    "koala": "-tail +large_ears", "lion": "+mane +whiskers", "mouse": "+whiskers +large_ears",
    "pig": "-fur +hooves", "rabbit": "+whiskers +large_ears", "rhinoceros": "-fur +horns",
    "squirrel": "+whiskers", "tiger": "+stripes +whiskers", "dolphin": "-legs_4 -fur +fins",
    # fruit
    "apple": "+stalk", "apricot": "", "avocado": "+peel", "banana": "-round +peel +elongated +stalk",
    "cherry": "+stalk", "grapes": "+stalk", "kiwi": "+peel", "lemon": "+peel", "mango": "+peel",
    "orange": "+peel", "pear": "", "pineapple": "-round +leaves +peel", "pomegranate": "+peel +seeds",
    "raspberry": "", "strawberry": "-round +leaves +seeds", "custard_apple": "+peel",
    # vegetables
    "broccoli": "+stalk", "carrot": "+leaves +elongated", "chilli": "+stalk +elongated", "corn": "+seeds +elongated",
    "aubergine": "+stalk +elongated", "garlic": "+peel +round", "lettuce": "+leaves", "mushroom": "+stalk",
    "onion": "+peel +round", "squash": "+round", "pepper": "+stalk", "potato": "+peel",
    "pumpkin": "+stalk +round", "tomato": "+stalk +leaves +round", "sweet_potato": "+peel +elongated",
    "red_lettuce": "+leaves",
    # vehicles
    "beetle": "", "car": "", "sports_car": "", "pickup_truck": "", "dumper": "-windows",
    "tricycle": "-windows -engine +handle", "fire_engine": "", "hot_air_balloon": "-wheels -windows -engine -metal +round",
    "aeroplane": "+wings +elongated +tail", "dustcart": "", "bus": "", "racing_car": "-windows +elongated",
    "junk": "-wheels -windows -engine -metal +sail", "sailing_boat": "-wheels -windows -engine -metal +sail",
    # tools
    "hammer": "", "mallet": "-metal", "paintbrush": "-metal", "pliers": "+blade", "saw": "+blade",
    "spade": "+blade +elongated", "spanner": "-handle +elongated", "adjustable_spanner": "-handle +elongated",
    "pipe_wrench": "",
    # kitchenware
    "glass": "", "mug": "+handle", "jug": "+handle +spout", "teapot": "+handle +spout",
    "nutcracker": "-container +handle +metal", "pepper_mill": "-container +elongated",
    "kettle": "+handle +spout +metal",
    # musical instruments
    "trumpet": "+keys +metal", "cymbal": "+metal +round", "drum": "+round", "drum_kit": "+metal",
    "cello": "+strings", "guitar": "+strings", "electric_guitar": "+strings", "bass_guitar": "+strings",
    "violin": "+strings", "bassoon": "+keys +elongated",
    # balls
    "basketball": "", "cricket_ball": "", "american_football": "-round", "football": "", "tennis_ball": "",
}

#: Which way the head (or front) of an animal points in its picture, read off the contact sheets; used to
#: align chimeras (``front`` pictures face the viewer and get no chimera).
FACING = {
    "blackbird": "right", "chicken": "right", "crane": "left", "cuckoo": "left", "duck": "right",
    "goose": "right", "guinea_fowl": "right", "heron": "right", "lark": "right", "magpie": "left",
    "ostrich": "left", "owl": "front", "peacock": "right", "pelican": "right", "penguin": "front",
    "pigeon": "left", "flamingo": "front", "parrot": "left", "rooster": "right", "seagull": "left",
    "toucan": "right", "turkey": "left", "vulture": "front",
    "bear": "right", "bison": "right", "cow": "right", "goat": "left", "sheep": "right", "camel": "left",
    "deer": "front", "dog": "right", "fox": "left", "elephant": "left", "donkey": "left", "horse": "right",
    "zebra": "left", "giraffe": "right", "gorilla": "front", "hippopotamus": "left", "kangaroo": "right",
    "koala": "front", "lion": "right", "mouse": "right", "pig": "right", "rabbit": "front",
    "rhinoceros": "left", "squirrel": "left", "tiger": "left", "dolphin": "right",
    "groper": "right", "butterflyfish": "right", "clownfish": "right", "coral_trout": "right",
    "lionfish": "front", "wrasse": "right", "seahorse": "front", "dolphinfish": "right",
    "fly": "front", "grasshopper": "right", "hornet": "left", "hoverfly": "left", "mantis": "right",
    "moth": "front",
}


def code(item_id: str, basic: str) -> dict:
    """``{attribute: 0 or 1}`` for one item: its basic category's defaults, then its own changes."""
    if basic not in DEFAULTS:
        raise KeyError(f"No default attributes for basic category {basic!r} (item {item_id!r}).")
    if item_id not in CHANGES:
        raise KeyError(f"Item {item_id!r} has no entry in CHANGES: code it (an empty string keeps the defaults).")
    present = set(DEFAULTS[basic].split())
    for change in CHANGES[item_id].split():
        sign, name = change[0], change[1:]
        if sign not in "+-" or name not in ATTRIBUTES:
            raise ValueError(f"Item {item_id!r}: bad change {change!r} (use +name or -name with a known attribute).")
        if sign == "+":
            present.add(name)
        elif name in present:
            present.discard(name)
        else:
            raise ValueError(f"Item {item_id!r}: {change!r} removes an attribute its defaults do not have.")
    unknown = present - set(ATTRIBUTES)
    if unknown:
        raise ValueError(f"Basic category {basic!r}: unknown default attribute(s) {sorted(unknown)}.")
    return {name: int(name in present) for name in ATTRIBUTES}
