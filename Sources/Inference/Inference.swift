// The Inference module; see DESIGN.md.
