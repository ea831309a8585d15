package app

// Version is the release, set at build time with
// -ldflags "-X github.com/codebench/codebench/app.Version=..."; it matches
// FyneApp.toml.
var Version = "0.1.0"

// Name is the product name.
const Name = "Codebench"
