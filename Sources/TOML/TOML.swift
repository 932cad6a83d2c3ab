// The TOML module; see DESIGN.md.
