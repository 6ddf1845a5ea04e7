"""Word lists for invented people and schools.

Pupils, contacts and head teachers are random pairings of common given and family
names, so no record describes a real person. School names join an invented place
name to a school kind.
"""

from __future__ import annotations

GIVEN_NAMES = (
    "Oliver", "Amelia", "George", "Isla", "Noah", "Ava", "Arthur", "Mia", "Leo", "Ivy",
    "Oscar", "Lily", "Harry", "Isabella", "Archie", "Rosie", "Jack", "Sophia", "Henry",
    "Grace", "Charlie", "Freya", "Freddie", "Florence", "Theo", "Willow", "Alfie", "Emily",
    "Jacob", "Ella", "Thomas", "Poppy", "Finley", "Evie", "Isaac", "Daisy", "Joshua",
    "Sienna", "Mohammed", "Aisha", "Yusuf", "Maryam", "Musa", "Zara", "Ibrahim", "Hafsa",
    "Samuel", "Harper", "Ethan", "Elsie", "Lucas", "Ruby", "Reuben", "Matilda", "Tommy",
    "Phoebe", "Max", "Esme", "Dylan", "Erin", "Kai", "Maya", "Riley", "Chloe", "Ryan",
    "Layla", "Adam", "Nancy", "Harrison", "Alice", "Louie", "Eliza", "Aarav", "Priya",
    "Kacper", "Zofia", "Tobi", "Amara", "Ezra", "Imogen",
)

WOMEN_GIVEN_NAMES = (
    "Sarah", "Claire", "Emma", "Laura", "Rachel", "Nicola", "Kelly", "Gemma", "Hannah",
    "Stacey", "Fatima", "Nadia", "Agnieszka", "Chioma", "Joanne", "Michelle", "Louise",
    "Amy", "Samantha", "Rebecca",
)
MEN_GIVEN_NAMES = (
    "James", "David", "Mark", "Paul", "Andrew", "Richard", "Daniel", "Stephen", "Lee",
    "Craig", "Imran", "Tariq", "Piotr", "Kwame", "Gary", "Wayne", "Neil", "Christopher",
    "Martin", "Shaun",
)

FAMILY_NAMES = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
    "Patel", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts",
    "Green", "Hall", "Thomas", "Clarke", "Jackson", "Wood", "Harris", "Edwards",
    "Turner", "Martin", "Cooper", "Hill", "Ward", "Hughes", "Moore", "Clark", "King",
    "Harrison", "Lewis", "Baker", "Lee", "Allen", "Morris", "Khan", "Scott", "Watson",
    "Davis", "Parker", "James", "Bennett", "Young", "Phillips", "Richardson", "Mitchell",
    "Bailey", "Carter", "Cook", "Singh", "Shaw", "Bell", "Collins", "Morgan", "Kelly",
    "Begum", "Miller", "Cox", "Hussain", "Marshall", "Simpson", "Price", "Anderson",
    "Adams", "Wilkinson", "Ali", "Ahmed", "Foster", "Ellis", "Murphy", "Chapman", "Mason",
    "Gray", "Richards", "Webb", "Griffiths", "Hunt", "Palmer", "Campbell", "Holmes",
    "Mills", "Rogers", "Barnes", "Knight", "Matthews", "Barker", "Nowak", "Okafor",
    "Mensah", "Kowalski", "Chowdhury", "Rahman",
)

PLACE_STARTS = (
    "Ash", "Bram", "Wren", "Cold", "Elder", "Fern", "Hazel", "Kestrel", "Lark", "Marl",
    "Oak", "Rook", "Sedge", "Thorn", "Wil", "Yew", "Brack", "Alder", "Heron", "Quarry",
)
PLACE_ENDS = (
    "mere", "combe", "wick", "hollow", "brook", "ley", "stead", "field", "ridge", "dale",
    "moor", "thwaite",
)
PRIMARY_KINDS = ("Primary School", "Primary Academy", "Infant and Junior School",
                 "Church of England Primary School")
SECONDARY_KINDS = ("Academy", "High School", "School", "Community College")
WOMEN_TITLES = ("Mrs", "Ms", "Miss", "Dr")
MEN_TITLES = ("Mr", "Mr", "Dr")

# Who is on a pupil's contact list: whether they normally hold parental
# responsibility, and whether the relationship names a woman (None: either).
RELATIONSHIPS: dict[str, tuple[bool, bool | None]] = {
    "Mother": (True, True), "Father": (True, False), "Stepmother": (False, True),
    "Stepfather": (False, False), "Grandmother": (False, True),
    "Grandfather": (False, False), "Aunt": (False, True), "Carer": (True, None),
}
