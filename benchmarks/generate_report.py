#!/usr/bin/env python3
"""Generate a large, deterministic pandoc-Markdown field report for benchmarking ``hrf``.

The report is written to ``DIR/report.md`` with its CSL JSON bibliography in
``DIR/references.json``. Output depends only on the arguments (a seeded
``random.Random``; no clock, locale or hash-order dependence), so runs are comparable.

The report has front matter, ``##``/``###`` sections, wrapped paragraphs, lists, tables,
block quotes, fenced and inline code, exactly ``--notes`` footnotes referenced in reading
order (definitions after their paragraph or collected at the end), exactly ``--citations``
bracketed citations plus some in-text ones, and text that a linter must *not* flag
(``3.5 million``, ``Article 2.1``, ``in 2022.``, ``12,000``, ``press@example.org``).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

DEFAULT_OUT = Path(__file__).resolve().parent / "out"
WRAP = 88

CITY = "Kupiansk"
PLACES = [
    "Kupiansk", "Kupiansk-Vuzlovyi", "Kivsharivka", "Petropavlivka", "Podoly", "Kurylivka",
    "Senkove", "Kindrashivka", "Vilshana", "Synkivka", "Tabaivka", "Krokhmalne", "Holubivka",
    "Pishchane", "Stepova Novoselivka", "Berestove", "Dvorichna", "Ivanivka", "Novoosynove",
    "Lyman Pershyi",
]
DISTRICTS = [
    "the railway quarter", "the old town", "the left bank of the Oskil", "the market district",
    "the hospital quarter", "Zaliznychnyi street", "the grain elevator area", "the bus station area",
    "the Soborna square area", "the riverside blocks", "the northern outskirts",
    "the private-housing sector", "the industrial zone", "the school No. 3 neighbourhood",
]
FACILITIES = [
    "a five-storey apartment block", "the central district hospital", "a humanitarian aid point",
    "the railway station", "a kindergarten", "School No. 6", "a pharmacy", "the water pumping station",
    "an electricity substation", "the town council building", "a bakery", "a sports hall",
    "the covered market", "a private house", "a church", "the post office", "a heating plant",
    "a gas distribution point", "a community centre", "the local history museum",
    "a grocery shop", "a garage cooperative", "a medical outpatient clinic", "a boiler house",
]
WEAPONS = [
    "a guided aerial bomb", "a KAB-500 glide bomb", "Grad rockets", "Uragan cluster munitions",
    "152 mm artillery shells", "an S-300 missile", "a Shahed-type drone", "a Lancet loitering munition",
    "120 mm mortar rounds", "a first-person-view drone", "an Iskander-M missile",
    "a FAB-250 bomb with a gliding kit", "Smerch rockets", "tank fire",
]
ACTORS = [
    "Russian armed forces", "occupying forces", "Russian-appointed officials",
    "units of the Russian National Guard", "the occupation administration",
    "Russian military police", "personnel of the FSB", "the so-called commandant's office",
]
WITNESSES = [
    "a retired teacher", "a nurse at the district hospital", "a railway engineer", "a volunteer driver",
    "a pensioner who stayed through the occupation", "a mother of three", "a local pharmacist",
    "a former council employee", "a priest", "a farmer from the outskirts", "a utility worker",
    "a shop owner", "a firefighter", "a schoolboy's grandmother", "an ambulance paramedic",
]
SOURCES = [
    "the regional military administration", "the prosecutor's office", "the National Police",
    "the State Emergency Service", "the UN monitoring mission", "local volunteers",
    "the city council", "the regional health department", "satellite imagery",
    "open-source video", "hospital admission records", "the research team",
]
VIOLATIONS = [
    "indiscriminate attacks", "arbitrary detention", "enforced disappearance", "torture",
    "pillage of civilian property", "forcible transfer of civilians", "attacks on medical facilities",
    "denial of humanitarian access", "summary execution", "sexual violence",
    "destruction of civilian infrastructure", "unlawful deportation of children",
]
INSTRUMENTS = [
    "Article 2.1 of the International Covenant on Civil and Political Rights",
    "Article 51 of Additional Protocol I", "Article 3 common to the Geneva Conventions",
    "Article 49 of the Fourth Geneva Convention", "Article 8(2)(b)(iv) of the Rome Statute",
    "Article 27 of the Fourth Geneva Convention", "Rule 15 of customary IHL",
    "Article 12.1 of the International Covenant on Economic, Social and Cultural Rights",
]
ORDNANCE = [
    "an unexploded 152 mm shell", "the tail section of a Grad rocket", "an unexploded cluster submunition",
    "the wreckage of a Shahed-type drone", "an unexploded mortar round", "a PFM-1 anti-personnel mine",
]
CLINICS = ["the central district hospital", "a medical outpatient clinic", "the maternity ward",
           "the emergency department", "a rural health post", "the tuberculosis dispensary"]
TESTIMONY = [
    "We spent {n} days in the cellar and came up only to fetch water.",
    "The first explosion threw me against the wall, and then the windows came in.",
    "My neighbour was standing by the gate when it hit; there was nothing left to bury.",
    "They took my son at the checkpoint outside {place} and told me he would be back in a day.",
    "Nobody came to collect the bodies for a week because the shelling never stopped.",
    "We heard {weapon} every night; the children learned to tell them apart by the sound.",
    "I did not want to leave {place}. This is where my parents are buried.",
    "The soldiers went from house to house asking who had served in the army.",
    "When the bridge went down, the ambulance could no longer reach us.",
    "I kept a list of everyone who died on our street. There are {n} names on it.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
GIVEN = ["Olena", "Oleksandr", "Iryna", "Mykola", "Tetiana", "Andrii", "Natalia", "Serhii",
         "Yulia", "Volodymyr", "Kateryna", "Dmytro", "Oksana", "Taras", "Halyna", "Bohdan",
         "Svitlana", "Ihor", "Liudmyla", "Roman", "Anna", "Maksym", "Viktoria", "Yurii"]
FAMILY = ["Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Shevchenko", "Melnyk",
          "Boiko", "Moroz", "Lysenko", "Marchenko", "Savchenko", "Rudenko", "Petrenko",
          "Hrytsenko", "Zinchenko", "Pavlenko", "Kushnir", "Sydorenko", "Kharchenko", "Levchenko",
          "Smith", "Müller", "Dubois", "Novak", "Jensen", "García"]

THEMES = [
    "Introduction", "Methodology and Sources", "Background: Kupiansk Before February 2022",
    "Occupation, February to September 2022", "Detention and Filtration",
    "Enforced Disappearances", "The September 2022 Counteroffensive",
    "Shelling of Residential Areas", "Attacks on Medical Care", "Energy and Water Infrastructure",
    "Evacuation and Displacement", "Humanitarian Access", "Children and Education",
    "Older People and Persons with Disabilities", "Property, Housing and Pillage",
    "Mines and Explosive Remnants of War", "Legal Analysis", "Accountability Efforts",
    "Conclusions", "Recommendations",
]


@dataclass
class Summary:
    """What one generation produced."""

    report: Path
    bibliography: Path
    words: int
    notes: int
    citations: int
    intext_citations: int
    cited_keys: int
    entries: int
    bytes: int

    def line(self) -> str:
        """One-line human-readable summary."""
        return (f"{self.report}: {self.words:,} words, {self.notes:,} notes, "
                f"{self.citations:,} bracketed + {self.intext_citations:,} in-text citations "
                f"({self.cited_keys}/{self.entries} keys), {self.bytes:,} bytes")


# --------------------------------------------------------------------------- bibliography

NEWSPAPERS = [("hromadske", "Hromadske"), ("pravda", "Ukrainska Pravda"),
              ("kyivindependent", "The Kyiv Independent"), ("suspilne", "Suspilne Kharkiv"),
              ("guardian", "The Guardian"), ("reuters", "Reuters"), ("apnews", "Associated Press"),
              ("nyt", "The New York Times"), ("lemonde", "Le Monde"), ("zaborona", "Zaborona"),
              ("slidstvo", "Slidstvo.Info"), ("kharkivtoday", "Kharkiv Today")]
WEBSITES = [("ohchr", "Office of the UN High Commissioner for Human Rights"),
            ("reliefweb", "ReliefWeb"), ("unhcr", "UNHCR"), ("icrc", "International Committee of the Red Cross"),
            ("kharkivrma", "Kharkiv Regional Military Administration"),
            ("kupianskrada", "Kupiansk City Council"), ("acled", "ACLED"), ("ocha", "OCHA Ukraine")]
PUBLISHERS = [("hrw", "Human Rights Watch"), ("amnesty", "Amnesty International"),
              ("osce", "OSCE Office for Democratic Institutions and Human Rights"),
              ("hrmmu", "UN Human Rights Monitoring Mission in Ukraine"),
              ("coi", "Independent International Commission of Inquiry on Ukraine"),
              ("truthhounds", "Truth Hounds"), ("khpg", "Kharkiv Human Rights Protection Group"),
              ("ccl", "Center for Civil Liberties"), ("msf", "Médecins Sans Frontières")]
PLATFORMS = [("telegram", "Telegram", "https://t.me/"), ("x", "X", "https://x.com/"),
             ("facebook", "Facebook", "https://www.facebook.com/")]
TITLE_TEMPLATES = [
    "Russian strikes on {place} kill {n} civilians", "{place} residents refuse to leave despite shelling",
    "Guided bombs hit {facility} in {place}", "Evacuation from {place} halted after attack on convoy",
    "Life under occupation in {place}", "Mass grave found near {place}",
    "Water and power cut again in {place}", "Volunteers deliver aid to {place} under fire",
    "Detained and disappeared: the case of {place}", "What remains of {place} after the counteroffensive",
    "Children evacuated from {place} as front line nears", "Monitoring update: civilian harm in {place}",
    "Attacks on health care in {place}", "Damage assessment of {facility} in {place}",
    "Torture chambers uncovered in {place}", "Compulsory evacuation announced for {place}",
]


def _date(rng: random.Random, start: tuple[int, int], end: tuple[int, int]) -> list[int]:
    """A random [y, m, d] between two (year, month) bounds inclusive; days 1-28."""
    lo, hi = start[0] * 12 + start[1] - 1, end[0] * 12 + end[1] - 1
    month = rng.randint(lo, hi)
    return [month // 12, month % 12 + 1, rng.randint(1, 28)]


def _person(rng: random.Random) -> dict[str, str]:
    return {"family": rng.choice(FAMILY), "given": rng.choice(GIVEN)}


def make_bibliography(rng: random.Random, count: int) -> list[dict[str, Any]]:
    """``count`` CSL JSON entries mixing six types, with unique readable ids."""
    types = ["article-newspaper"] * 9 + ["webpage"] * 5 + ["report"] * 5 + ["legal_case"] * 2 + \
        ["interview"] * 4 + ["post"] * 5
    entries: list[dict[str, Any]] = []
    used: set[str] = set()
    for _ in range(count):
        kind = rng.choice(types)
        place = rng.choice(PLACES)
        issued = _date(rng, (2022, 3), (2024, 10))
        accessed = [2024, rng.randint(issued[1] + 1 if issued[0] == 2024 else 1, 11), rng.randint(1, 28)]
        title = rng.choice(TITLE_TEMPLATES).format(
            place=place, n=rng.randint(2, 14), facility=rng.choice(FACILITIES))
        entry: dict[str, Any] = {"type": kind, "title": title}
        if kind == "article-newspaper":
            slug, name = rng.choice(NEWSPAPERS)
            entry |= {"author": [_person(rng) for _ in range(rng.randint(1, 2))],
                      "container-title": name, "publisher": name}
        elif kind == "webpage":
            slug, name = rng.choice(WEBSITES)
            entry |= {"author": [{"literal": name}], "container-title": name, "publisher": name}
        elif kind == "report":
            slug, name = rng.choice(PUBLISHERS)
            entry |= {"author": [{"literal": name}], "publisher": name,
                      "publisher-place": rng.choice(["Kyiv", "Geneva", "New York", "London", "Warsaw"])}
        elif kind == "legal_case":
            slug, name = rng.choice([("echr", "European Court of Human Rights"),
                                     ("icj", "International Court of Justice"),
                                     ("kharkivcourt", "Kharkiv District Court")])
            entry["title"] = rng.choice([
                "Ukraine and the Netherlands v. Russia", "Ukraine v. Russia (re Crimea)",
                "Allegations of Genocide under the Convention (Ukraine v. Russian Federation)",
                f"Prosecutor v. {rng.choice(FAMILY)}", f"Criminal proceedings concerning events in {place}"])
            entry |= {"authority": name, "publisher": name,
                      "number": f"No. {rng.randint(100, 999)}/{rng.randint(1000, 9999)}/{issued[0] % 100}"}
        elif kind == "interview":
            slug, name = "interview", "Kupiansk Documentation Project"
            code = f"K-{rng.randint(1, 240):03d}"
            entry |= {"title": f"Interview {code} with {rng.choice(WITNESSES)} from {place}",
                      "author": [{"literal": f"Witness {code}"}], "interviewer": [_person(rng)],
                      "medium": rng.choice(["in person", "by telephone", "by video call"]),
                      "publisher": name}
        else:
            slug, name, base_url = rng.choice(PLATFORMS)
            author = _person(rng) if rng.random() < 0.5 else {"literal": rng.choice(WEBSITES)[1]}
            entry |= {"author": [author], "container-title": name, "publisher": name,
                      "genre": f"{name} post"}
        entry["issued"] = {"date-parts": [issued]}
        if kind != "interview":
            entry["accessed"] = {"date-parts": [accessed]}
        base = key = f"{slug}{issued[0]}{place.split()[0].split('-')[0].lower()}"
        n = 1
        while key in used:  # hromadske2023kupiansk, ...kupianskb, ...kupianskc
            n += 1
            key = base + (chr(ord("a") + n - 1) if n <= 26 else str(n))
        used.add(key)
        if kind == "post":
            entry["URL"] = f"{base_url}{key}/{rng.randint(1000, 99999)}"
        elif kind != "interview":
            entry["URL"] = f"https://www.example-{slug}.org/{issued[0]}/{rng.randint(10000, 99999)}-{key}"
        entries.append({"id": key, **entry})
    return entries


# --------------------------------------------------------------------------- prose


class Prose:
    """Random sentences, note texts and blocks drawn from template banks."""

    def __init__(self, rng: random.Random, keys: list[str]) -> None:
        self.rng = rng
        self._keys = keys
        self._deck: list[str] = []
        self.intext = 0
        self.bracketed = 0

    def key(self) -> str:
        """Next citation key; cycles through a shuffled deck so every entry gets cited."""
        if not self._deck:
            self._deck = list(self._keys)
            self.rng.shuffle(self._deck)
        return self._deck.pop()

    def date(self) -> str:
        r = self.rng
        return f"{r.randint(1, 28)} {r.choice(MONTHS)} {r.choice([2022, 2023, 2024])}"

    def months(self) -> str:
        """A period such as ``March and August 2023``."""
        a, b = sorted(self.rng.sample(range(12), 2))
        return f"{MONTHS[a]} and {MONTHS[b]} {self.rng.choice([2022, 2023, 2024])}"

    def num(self) -> str:
        return f"{self.rng.choice([2, 3, 4, 5, 7, 9, 11, 14, 17, 23, 36, 48])}"

    def big(self) -> str:
        return f"{self.rng.randint(11, 95) * 1000 + self.rng.choice([0, 0, 500, 250]):,}"

    def cite(self) -> str:
        """One bracketed citation in one of several pandoc forms."""
        r, roll = self.rng, self.rng.random()
        self.bracketed += 1
        if roll < 0.45:
            return f"[@{self.key()}]"
        if roll < 0.65:
            return "[" + "; ".join(f"@{self.key()}" for _ in range(r.randint(2, 3))) + "]"
        if roll < 0.80:
            prefix = r.choice(["see", "see also", "cf.", "compare"])
            loc = r.choice([f"p. {r.randint(2, 140)}", f"pp. {(p := r.randint(2, 90))}-{p + r.randint(1, 6)}",
                            f"para. {r.randint(3, 220)}"])
            return f"[{prefix} @{self.key()}, {loc}]"
        if roll < 0.90:
            return f"[-@{self.key()}]"
        return f"[@{self.key()}, p. {r.randint(1, 60)}]"

    def intext_cite(self) -> str:
        """An author-in-text citation phrase opening a sentence."""
        self.intext += 1
        k = self.key()
        return self.rng.choice([f"As @{k} reports,", f"According to @{k},", f"@{k} [p. {self.num()}] notes that",
                                f"In the account given by @{k},", f"@{k} found that"])

    def clause(self) -> str:
        """A sentence body without final punctuation."""
        r = self.rng
        p, d, w, f = r.choice(PLACES), self.date(), r.choice(WEAPONS), r.choice(FACILITIES)
        templates = [
            f"On {d}, {w} struck {f} in {r.choice(DISTRICTS)} of {p}, killing {self.num()} civilians and injuring {self.num()} more",
            f"{r.choice(SOURCES).capitalize()} recorded {self.num()} strikes on {p} within a single day in {r.choice(MONTHS)}",
            f"Residents of {r.choice(DISTRICTS)} described hearing the approach of {w} shortly before the impact",
            f"The attack on {f} took place at a time when several dozen people were queuing outside",
            f"By the end of {r.choice([2022, 2023])}, only about {r.randint(2, 9) * 1000:,} of the pre-war population of some 27,000 remained in {CITY}",
            f"We found no evidence of a military objective within several hundred metres of {f}",
            f"{r.choice(ACTORS).capitalize()} detained men of fighting age at checkpoints around {p} and held them for weeks without charge",
            f"Former detainees consistently described {r.choice(VIOLATIONS)} at a makeshift facility in {p}",
            f"The pattern of {r.choice(VIOLATIONS)} documented here may amount to a violation of {r.choice(INSTRUMENTS)}",
            f"{CITY} was occupied on 27 February 2022 and retaken by Ukrainian forces in September of that year",
            f"The electricity supply to {p} was interrupted for {self.num()} days after a strike on {r.choice(FACILITIES)}",
            f"Humanitarian convoys reached {p} only {self.num()} times between {self.months()}",
            f"A volunteer who evacuated older residents from {p} told us that most of them had nowhere else to go",
            f"The compulsory evacuation order covered about {self.big()} people, including more than {self.num()}00 children",
            f"Shelling intensified in {r.choice(DISTRICTS)} as the front line moved closer to the Oskil river",
            f"Witnesses interviewed separately gave consistent accounts of the sequence of events on {d}",
            f"Medical staff at {r.choice(CLINICS)} continued to work in the basement after the upper floors were hit",
            f"We geolocated the impact site using photographs and the coordinates `{49 + r.random():.4f}, {37 + r.random():.4f}`",
            f"Entries in the incident log (`kupiansk_incidents_{r.choice([2022, 2023, 2024])}.csv`, row {r.randint(2, 4000)}) match the witness accounts",
            f"{r.choice(ORDNANCE).capitalize()} remained in the courtyard of {f} for several weeks",
            f"Teachers in {p} moved lessons online after {f} was damaged, although many pupils lacked connectivity",
            f"Property left behind by displaced families in {p} was looted, according to {r.choice(WITNESSES)}",
            f"The State Emergency Service cleared {self.big()} explosive objects from the district, the last of them in 2023",
            f"Some {self.num()}.{r.randint(1, 9)} per cent of the surveyed households reported at least one injured member",
            f"{r.choice(WITNESSES).capitalize()} said that the family had sheltered in a cellar for {self.num()} days",
            f"Occupation authorities distributed Russian passports in {p} and pressed public-sector workers to accept them",
            f"Reports of {r.choice(VIOLATIONS)} in {p} first emerged in {r.choice(MONTHS)} 2022",
            f"The river crossing near {p} was destroyed, cutting off the left bank from emergency services",
            f"Local officials estimated that {self.big()} homes in the hromada needed major repairs",
            f"Under {r.choice(INSTRUMENTS)}, parties must take all feasible precautions to spare civilians",
            f"Our findings are based on {self.num()}0 interviews conducted in Kharkiv, Kupiansk and Dnipro",
            f"The research team visited {p} on {d} and documented damage to {f}",
            f"Several witnesses spoke of relatives taken from {p} whose whereabouts remain unknown",
            f"A ceasefire to allow evacuation from {p} was announced but did not hold",
        ]
        if r.random() < 0.03:  # rarer sentences with numbers, e-mails and years a linter must accept
            templates = [
                "Across Kharkiv oblast, an estimated 3.5 million square metres of housing was damaged or destroyed",
                "Requests for comment can be sent to press@example.org or to the project's field office in Kharkiv",
                f"Most of the damage to {f} in {p} was done before the occupation ended in 2022",
                "Roughly 12,000 residents were still living in the hromada at the start of the winter",
                f"The obligation in Article 2.1 of the Covenant applies to {p} as to any other territory",
            ]
        return r.choice(templates)

    def sentence(self, cites: int = 0, note: int | None = None, intext: bool = False) -> str:
        """A full sentence with optional trailing citations and a footnote reference."""
        body = self.clause()
        if intext:
            body = f"{self.intext_cite()} {_lower_first(body)}"
        for _ in range(cites):
            body += " " + self.cite()
        return body + "." + (f"[^{note}]" if note is not None else "")

    def note_text(self, cites: int) -> str:
        """The first paragraph of a footnote definition."""
        r = self.rng
        texts = [
            f"Interview with {r.choice(WITNESSES)}, {r.choice(PLACES)}, {self.date()}",
            "Photographs and video of the site are on file with the authors",
            f"Figures provided by {r.choice(SOURCES[:8])} on {self.date()}",
            f"Geolocation by the research team; the file hash is `sha256:{r.getrandbits(64):016x}`",
            "The name has been withheld at the witness's request",
            "Different sources give figures between {} and {}".format(*sorted((self.big(), self.big()), key=lambda n: int(n.replace(",", "")))),
            f"See {r.choice(INSTRUMENTS)}",
            f"Correspondence with {r.choice(SOURCES[:8])}, received in 2023",
            "Translated from Ukrainian by the authors",
        ]
        parts = [r.choice(texts) + (" " + self.cite() if cites else "") + "."]
        parts += [self.sentence(1) for _ in range(cites - 1)]
        if r.random() < 0.1:
            parts.append(f"{self.intext_cite()} {_lower_first(self.clause())}.")
        elif r.random() < 0.35:
            parts.append(self.sentence())
        return " ".join(parts)


def _lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is a proper noun."""
    first = text.split(" ", 1)[0]
    if first in {CITY, "Russian", "State", "Kharkiv"} or any(c.isupper() for c in first[1:]):
        return text
    return text[0].lower() + text[1:]


_BLOCK_START = re.compile(r"(\d+[.)]|[-+*>#:|])(\s|$)")


def wrap(text: str, indent: str = "", first: str = "") -> str:
    """Hard-wrap a paragraph the way authors often do, never starting a line like a block.

    A line such as ``2022.`` can start an ordered list inside a note, so such breaks are
    avoided by narrowing the width a little.
    """
    for width in range(WRAP, WRAP - 20, -1):
        lines = textwrap.wrap(text, width, initial_indent=first, subsequent_indent=indent,
                              break_long_words=False, break_on_hyphens=False)
        if not any(_BLOCK_START.match(line[len(indent):]) for line in lines[1:]):
            break
    return "\n".join(lines)


def note_definition(prose: Prose, number: int, cites: int) -> str:
    """``[^n]: ...`` with continuation lines indented, sometimes a second paragraph."""
    text = wrap(f"[^{number}]: {prose.note_text(cites)}", "    ")
    if prose.rng.random() < 0.12:
        text += "\n\n" + wrap(prose.sentence(), "    ", "    ")
    return text


def special_block(prose: Prose, kind: str) -> str:
    """A non-paragraph block: list, table, quote or code."""
    r = prose.rng
    if kind == "bullets":
        items = [prose.clause() + "." for _ in range(r.randint(4, 7))]
        return "\n".join(wrap(f"- {item}", "  ") for item in items)
    if kind == "ordered":
        items = [f"Ensure that {v} in {r.choice(PLACES)} is investigated promptly and independently."
                 for v in r.sample(VIOLATIONS, 5)]
        return "\n".join(wrap(f"{i}. {item}", "   ") for i, item in enumerate(items, 1))
    if kind == "table":
        rows = ["| Month | Strikes recorded | Civilians killed | Civilians injured |",
                "|:------|-----------------:|-----------------:|------------------:|"]
        for month in MONTHS[:r.randint(6, 12)]:
            rows.append(f"| {month} 2023 | {r.randint(300, 2400):,} | {r.randint(0, 30)} | {r.randint(3, 90)} |")
        return "\n".join(rows) + f"\n\n: Strikes on {CITY} hromada by month, 2023 (source: incident log)."
    if kind == "quote":
        said = " ".join(r.sample(TESTIMONY, r.randint(2, 4))).format(
            place=r.choice(PLACES), weapon=r.choice(WEAPONS), n=prose.num())
        return wrap(said, "> ", "> ") + \
            f"\n>\n> --- {r.choice(WITNESSES).capitalize()}, {prose.date()}"
    if kind == "csv":
        lines = ["date,time,location,munition,killed,injured"]
        for _ in range(r.randint(5, 9)):
            lines.append(f"2023-{r.randint(1, 12):02d}-{r.randint(1, 28):02d},{r.randint(0, 23):02d}:"
                         f"{r.randint(0, 59):02d},{r.choice(PLACES)},{r.choice(['KAB-500', 'Grad', 'Shahed', '152mm'])},"
                         f"{r.randint(0, 5)},{r.randint(0, 12)}")
        return "```csv\n" + "\n".join(lines) + "\n```"
    if kind == "shell":
        return ("```bash\n# Reproduce the monthly totals from the incident log\n"
                "python tools/tally.py data/kupiansk_incidents_2023.csv --by month > totals.csv\n"
                "curl -H 'From: press@example.org' https://example.org/api/v1/incidents?city=kupiansk\n```")
    raise ValueError(kind)


# --------------------------------------------------------------------------- report


@dataclass
class _State:
    blocks: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)
    words: int = 0
    notes: int = 0
    cites: int = 0

    def add(self, block: str, deferred: bool = False) -> None:
        (self.deferred if deferred else self.blocks).append(block)
        self.words += len(block.split())


SPECIALS = [(0.04, "bullets"), (0.10, "table"), (0.22, "quote"), (0.30, "bullets"), (0.36, "csv"),
            (0.48, "quote"), (0.55, "bullets"), (0.62, "table"), (0.74, "shell"), (0.80, "bullets"),
            (0.88, "quote"), (0.95, "ordered")]


def build_report(words: int, notes: int, citations: int, keys: list[str],
                 rng: random.Random) -> tuple[str, int, int, int]:
    """Return (markdown body, body word count, bracketed and in-text citation counts)."""
    prose, st = Prose(rng, keys), _State()
    specials = list(SPECIALS)
    theme_index, section_words = 0, max(words / len(THEMES), 400.0)
    next_section = subsection_end = 0.0
    headings: set[str] = set()
    while st.words < words or st.notes < notes or st.cites < citations:
        if st.words >= next_section:
            title = THEMES[theme_index % len(THEMES)]
            if theme_index >= len(THEMES):
                title += f", Part {theme_index // len(THEMES) + 1}"
            st.add(f"## {title}")
            theme_index += 1
            next_section = st.words + section_words
            subsection_end = 0.0
        if st.words >= subsection_end:
            st.add(f"### {_unique(headings, lambda: f'{rng.choice(PLACES)}, {prose.months()}')}")
            subsection_end = st.words + rng.randint(700, 1400)
        while specials and st.words >= specials[0][0] * words:
            st.add(special_block(prose, specials.pop(0)[1]))
        if rng.random() < 0.03:
            st.add(special_block(prose, "quote"))
        # Draft the paragraph, then decide how many notes/citations are due by its end.
        length = rng.randint(4, 9)
        frac = min(1.0, (st.words + 22 * length) / words)
        n_notes = max(0, round(notes * frac) - st.notes)
        n_cites = max(0, round(citations * frac) - st.cites)
        if frac >= 1.0:
            n_notes, n_cites = notes - st.notes, citations - st.cites
        length = max(length, n_notes, 1)
        note_at = sorted(rng.sample(range(length), n_notes))
        note_cites = [0] * n_notes
        sent_cites = [0] * length
        for _ in range(n_cites):
            slots = note_cites if n_notes and rng.random() < 0.4 else sent_cites
            slots[_least_used(rng, slots)] += 1
        numbers = {pos: st.notes + i + 1 for i, pos in enumerate(note_at)}
        sentences = [prose.sentence(sent_cites[i], numbers.get(i), intext=rng.random() < 0.03)
                     for i in range(length)]
        st.add(wrap(" ".join(sentences)))
        defer = rng.random() < 0.45
        for i in range(n_notes):
            st.add(note_definition(prose, st.notes + i + 1, note_cites[i]), deferred=defer)
        st.notes += n_notes
        st.cites += n_cites
    body = "\n\n".join(st.blocks + st.deferred) + "\n"
    return body, st.words, prose.bracketed, prose.intext


def _least_used(rng: random.Random, counts: list[int]) -> int:
    """A random index among those with the lowest count (spreads citations out)."""
    low = min(counts)
    return rng.choice([i for i, c in enumerate(counts) if c == low])


def _unique(seen: set[str], make: Callable[[], str]) -> str:
    """A fresh heading from ``make`` not in ``seen`` (numbered after a few clashes)."""
    for _ in range(20):
        title = make()
        if title not in seen:
            break
    else:
        title = f"{title} ({len(seen)})"
    seen.add(title)
    return title


def front_matter() -> str:
    """YAML metadata block."""
    return "\n".join([
        "---",
        f'title: "Under Fire: Civilian Harm in {CITY}, 2022-2024"',
        'subtitle: "Shelling, occupation and displacement in a front-line city of Kharkiv oblast"',
        "author:",
        "  - Olena Hrytsenko",
        "  - Mark Jensen",
        "  - Iryna Savchenko",
        'date: "2024-11-18"',
        "lang: en",
        "bibliography: references.json",
        "---",
        "",
    ])


def generate(out: Path = DEFAULT_OUT, *, words: int = 150_000, notes: int = 1_500,
             entries: int = 300, citations: int = 1_174, seed: int = 1) -> Summary:
    """Write ``out/report.md`` and ``out/references.json``; return what was written."""
    rng = random.Random(seed)
    bib = make_bibliography(rng, entries)
    keys = [e["id"] for e in bib]
    body, count, bracketed, intext = build_report(words, notes, citations, keys, rng)
    text = front_matter() + "\n" + body
    out.mkdir(parents=True, exist_ok=True)
    report, bib_path = out / "report.md", out / "references.json"
    report.write_text(text, encoding="utf-8", newline="\n")
    bib_path.write_text(json.dumps(bib, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")
    used = set(re.findall(r"(?<![\w.])@([\w]+)", body))
    assert used <= set(keys), "generator cited a key missing from the bibliography"
    return Summary(report, bib_path, count, notes, bracketed, intext, len(used), len(bib),
                   len(text.encode("utf-8")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    parser.add_argument("--words", type=int, default=150_000, help="target body word count")
    parser.add_argument("--notes", type=int, default=1_500, help="number of footnotes")
    parser.add_argument("--entries", type=int, default=300, help="bibliography entries")
    parser.add_argument("--citations", type=int, default=1_174, help="bracketed citations")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    args = parser.parse_args(argv)
    summary = generate(args.out, words=args.words, notes=args.notes, entries=args.entries,
                       citations=args.citations, seed=args.seed)
    print(summary.line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
