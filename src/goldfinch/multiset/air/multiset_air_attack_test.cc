// attacks: see below
