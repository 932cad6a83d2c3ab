// The Swarm module; see DESIGN.md.
