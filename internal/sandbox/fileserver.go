package sandbox

import "net/http"

// FileHandler serves the sample files as Sandbox.Handler does, without a
// sandbox: for a simulator that runs as its own process (dev/simserver),
// whose videos every replica and user must be able to open.
func FileHandler() http.Handler { return fileHandler{} }

// MediaURL is where FileHandler, mounted at RoutePrefix under publicBase,
// serves the file of id with ext (".mp4", ".jpg" or ".mp3").
func MediaURL(publicBase, id, ext string) string { return httpMediaURL(publicBase, id, ext) }
