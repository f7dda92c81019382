# Coordinator screens: people and imports, accounts, rights, devices, orders and the movement book.
