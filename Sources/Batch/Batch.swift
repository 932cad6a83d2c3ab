// The Batch module; see DESIGN.md.
