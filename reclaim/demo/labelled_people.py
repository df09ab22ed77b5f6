"""A labelled synthetic set for measuring the duplicate check: people, and probes that are either the
same person written differently (typos, swapped names, missing birth date, transliterations, day/month
swapped) or someone else. Deterministic for a seed."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

# Given names per culture of origin common in anti-trafficking caseloads, each list roughly from most to
# least common. A real population draws on hundreds of names per culture with a long tail; 40 each, with
# the most common few taking a large share, is still denser (more namesakes) than a real caseload.
CULTURES: dict[str, tuple[float, list[str]]] = {
    "latin_american": (0.30, [
        "Maria", "Jose", "Guadalupe", "Juan", "Ana", "Luis", "Rosa", "Carlos", "Juana", "Jesus", "Carmen", "Miguel",
        "Yesenia", "Pedro", "Josefina", "Jorge", "Lucia", "Francisco", "Beatriz", "Mateo", "Esperanza", "Hector",
        "Marisol", "Tomas", "Gabriela", "Alejandro", "Veronica", "Ricardo", "Alejandra", "Eduardo", "Daniela",
        "Sergio", "Fernanda", "Raul", "Paola", "Javier", "Leticia", "Oscar", "Araceli", "Diego",
    ]),
    "arabic": (0.12, [
        "Mohammed", "Fatima", "Ahmed", "Mariam", "Ali", "Aisha", "Omar", "Khadija", "Hassan", "Zainab", "Hussein",
        "Farida", "Youssef", "Layla", "Ibrahim", "Noor", "Khaled", "Amira", "Mahmoud", "Huda", "Mustafa", "Salma",
        "Karim", "Rania", "Tariq", "Samira", "Samir", "Yasmin", "Nabil", "Hana", "Faisal", "Dalia", "Jamal",
        "Nadia", "Walid", "Rasha", "Bilal", "Lina", "Hamza", "Malak",
    ]),
    "eastern_european": (0.12, [
        "Olena", "Oleksandr", "Kateryna", "Andriy", "Iryna", "Serhiy", "Natalia", "Dmytro", "Oksana", "Mykola",
        "Tetiana", "Volodymyr", "Yulia", "Ivan", "Svitlana", "Yuriy", "Halyna", "Vasyl", "Nadiya", "Oleh",
        "Anastasia", "Petro", "Viktoria", "Bohdan", "Daria", "Taras", "Mariia", "Roman", "Larysa", "Pavlo",
        "Lyudmyla", "Maksym", "Inna", "Nikolai", "Alina", "Viktor", "Olha", "Igor", "Valentyna", "Vitaliy",
    ]),
    "west_african": (0.12, [
        "Blessing", "Emeka", "Chioma", "Kwame", "Aminata", "Mamadou", "Ngozi", "Kofi", "Fatoumata", "Chinedu",
        "Favour", "Ousmane", "Precious", "Tunde", "Amaka", "Ibrahima", "Abena", "Segun", "Mariama", "Obinna",
        "Adaeze", "Moussa", "Akua", "Olumide", "Funmilayo", "Kwabena", "Yetunde", "Seydou", "Folake", "Ikechukwu",
        "Efua", "Babajide", "Adwoa", "Yaw", "Aissatou", "Kojo", "Omolara", "Samuel", "Ama", "Grace",
    ]),
    "south_asian": (0.10, [
        "Priya", "Rahul", "Sunita", "Amit", "Lakshmi", "Imran", "Pooja", "Sanjay", "Anjali", "Ravi", "Neha",
        "Abdul", "Kavita", "Suresh", "Rekha", "Ramesh", "Geeta", "Mahesh", "Sita", "Arjun", "Radha", "Vikram",
        "Shanti", "Rafiq", "Asha", "Salim", "Meena", "Anwar", "Parvati", "Kamal", "Nisha", "Bikash", "Rani",
        "Sunil", "Shabnam", "Manoj", "Nasreen", "Deepak", "Rukhsana", "Raj",
    ]),
    "vietnamese": (0.08, [
        "Linh", "Minh", "Thao", "Anh", "Huong", "Tuan", "Lan", "Hung", "Mai", "Duc", "Hoa", "Long", "Trang", "Nam",
        "Ngoc", "Quang", "Hanh", "Son", "Phuong", "Thanh", "Thu", "Hieu", "Hien", "Khanh", "Nga", "Phuc", "Tuyet",
        "Vinh", "Yen", "Bao", "Hang", "Tien", "Dung", "Cuong", "Loan", "Dat", "Nhung", "Hai", "Thuy", "Quoc",
    ]),
    "filipino": (0.08, [
        "Maricel", "Jonathan", "Rowena", "Mark", "Marites", "Rodel", "Jocelyn", "Ronaldo", "Lorna", "Jomar",
        "Analyn", "Arnel", "Rosalie", "Reynaldo", "Jennifer", "Rogelio", "Mary Grace", "Danilo", "Cherry", "Efren",
        "Lovely", "Jun", "Joy", "Romeo", "Divina", "Ariel", "Imelda", "Noel", "Rosario", "Rey", "Erlinda", "Edgar",
        "Teresita", "Ramil", "Liza", "Jayson", "Kristine", "Christian", "Charmaine", "Joel",
    ]),
    "chinese": (0.08, [
        "Wei", "Xiuying", "Jianguo", "Guiying", "Zhiwei", "Yuying", "Jianhua", "Xiulan", "Ming", "Meiling", "Xiaoyan",
        "Xiaohong", "Hao", "Lihua", "Tao", "Jing", "Qiang", "Yan", "Lei", "Fang", "Yong", "Xiaomei", "Jie", "Lijuan",
        "Xiaoming", "Yanping", "Zhiqiang", "Chunmei", "Jianjun", "Haiyan", "Guoqiang", "Min", "Haitao", "Ying",
        "Peng", "Hui", "Bo", "Na", "Kai", "Li",
    ]),
}  # fmt: skip

# Other spellings of the same given name, as they turn up across documents and interpreters.
TRANSLITERATIONS = {
    "Mohammed": "Muhammad", "Ahmed": "Ahmad", "Omar": "Umar", "Hussein": "Husain", "Youssef": "Yusuf",
    "Mariam": "Maryam", "Fatima": "Fatimah", "Khadija": "Khadijah", "Aisha": "Ayesha", "Farida": "Fareeda",
    "Layla": "Leila", "Khaled": "Khalid", "Mahmoud": "Mahmud", "Mustafa": "Mostafa", "Yasmin": "Yasmeen",
    "Kateryna": "Katerina", "Olena": "Elena", "Nikolai": "Nicolai", "Yulia": "Iuliia", "Natalia": "Nataliya",
    "Tetiana": "Tatiana", "Andriy": "Andrii", "Serhiy": "Sergiy", "Oleksandr": "Aleksandr", "Dmytro": "Dmitro",
    "Iryna": "Irina", "Olha": "Olga", "Svitlana": "Svetlana", "Mykola": "Mikola", "Yesenia": "Yessenia",
    "Josefina": "Josephina", "Priya": "Pria", "Lakshmi": "Laxmi", "Sunita": "Suneeta", "Pooja": "Puja",
    "Geeta": "Gita", "Imran": "Emran", "Kwame": "Kwami", "Mamadou": "Mamadu", "Ousmane": "Usman",
    "Aminata": "Aminatta", "Fatoumata": "Fatumata",
}  # fmt: skip


def _cumulative(weights: list[float]) -> list[float]:
    total, result = 0.0, []
    for weight in weights:
        total += weight
        result.append(total)
    return result


_CULTURE_NAMES = list(CULTURES)
_CULTURE_CUM = _cumulative([weight for weight, _names in CULTURES.values()])
# within a culture, the r-th most common name has weight 1/sqrt(r): the top name is about 9 % of its
# culture (Maria about 3 % of everyone), the top ten about 40 %
_NAME_CUM = {
    culture: _cumulative([1 / (r + 1) ** 0.5 for r in range(len(names))]) for culture, (_w, names) in CULTURES.items()
}


def given_name(rng: random.Random) -> str:
    culture = rng.choices(_CULTURE_NAMES, cum_weights=_CULTURE_CUM)[0]
    return rng.choices(CULTURES[culture][1], cum_weights=_NAME_CUM[culture])[0]


@dataclass(frozen=True)
class Person:
    key: int
    given_name: str
    family_name: str
    date_of_birth: date | None
    phone: str


@dataclass(frozen=True)
class Probe:
    given_name: str
    family_name: str
    date_of_birth: date | None
    phone: str
    same_as: int | None  # the Person.key this probe is, or None for someone new
    variant: str


SYLLABLES = [
    "ba", "ko", "ri", "san", "del", "mar", "to", "ven", "lu", "ga", "ne", "shi", "ro", "tan", "vi", "mo", "ka", "lo",
    "ze", "pra", "dan", "fe", "hu", "jo", "kel", "nor", "ol", "pe", "qui", "sar", "ul", "wen", "ya", "zu", "bor", "cha",
]  # fmt: skip


def surname(rng: random.Random) -> str:
    """Invented surnames from syllables, so that two synthetic people rarely share a name by chance."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["swap", "drop", "double", "replace"])
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiou") + word[i + 1 :]


def people(count: int, seed: int) -> list[Person]:
    rng = random.Random(f"people:{seed}")
    result = []
    for key in range(count):
        dob = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 50)) if rng.random() > 0.1 else None
        result.append(
            Person(
                key,
                given_name(rng),
                surname(rng) + ("-" + surname(rng) if rng.random() < 0.3 else ""),
                dob,
                "",
            )
        )
    return result


def probes(population: list[Person], count: int, seed: int) -> list[Probe]:
    rng = random.Random(f"probes:{seed}")
    result = []
    for _ in range(count):
        if rng.random() < 0.5:
            p = rng.choice(population)
            variant = rng.choice(["exact", "typo", "swapped", "no_dob", "transliteration", "day_month", "typo_no_dob"])
            given, family, dob = p.given_name, p.family_name, p.date_of_birth
            if variant in {"typo", "typo_no_dob"}:
                if rng.random() < 0.5:
                    given = _typo(rng, given)
                else:
                    family = _typo(rng, family)
            if variant == "swapped":
                given, family = family, given
            if variant in {"no_dob", "typo_no_dob"}:
                dob = None
            if variant == "transliteration":
                given = TRANSLITERATIONS.get(given, _typo(rng, given))
            if variant == "day_month" and dob is not None and dob.day <= 12:
                dob = dob.replace(month=dob.day, day=dob.month)
            result.append(Probe(given, family, dob, "", p.key, variant))
        else:
            dob = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 50))
            result.append(Probe(given_name(rng), surname(rng), dob, "", None, "different"))
    return result
