package transport

import "testing"

// The scan in front of badRequestID may say "maybe" too often but never
// "no" for an id the parse refuses.
func FuzzIDScanNeverMissesABadID(f *testing.F) {
	for _, seed := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{}}`,
		`{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}`,
		`{"ID" : [1],"method":"ping"}`,
		`{"Id":true}`,
		`{"iD":	false}`,
		`{"\u0069d":{}}`,
		`{"params":{"id":{}},"id":"x"}`,
		`{"id":"{"}`,
		`[{"id":{}}]`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, msg []byte) {
		if parsedBadRequestID(msg) != "" && !idMayBeBad(msg) {
			t.Fatalf("the scan missed a bad id in %q", msg)
		}
	})
}

func TestIDScan(t *testing.T) {
	for msg, want := range map[string]bool{
		`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x"}}`: false,
		`{"jsonrpc":"2.0","id":"abc","method":"ping"}`:                         false,
		`{"jsonrpc":"2.0","id":{},"method":"ping"}`:                            true,
		`{"ID" : [1]}`:    true,
		`{"Id":true}`:     true,
		`{"\u0069d":1}`:   true, // escapes: always parsed
		`{"id" :  false}`: true,
	} {
		if got := idMayBeBad([]byte(msg)); got != want {
			t.Errorf("idMayBeBad(%s) = %v, want %v", msg, got, want)
		}
	}
}
