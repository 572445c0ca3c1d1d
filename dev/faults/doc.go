// Package faults holds no production code: its tests prove the server under
// upstream faults (every tool, resource read and the watcher against every
// fault the simulator can inject), the idempotency-key path of create_video,
// that the API key and the endpoint token never leak, and that every argument
// bound is enforced before HeyGen is called. Run them with
//
//	go test -race ./dev/faults/
package faults
