// The Terminal module; see DESIGN.md.
