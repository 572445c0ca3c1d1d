package heygen

import (
	"regexp"
	"testing"
)

// The hand-written byte check is exactly IDPattern's character class.
func TestIDByteIsIDPattern(t *testing.T) {
	idRE := regexp.MustCompile(IDPattern)
	for b := 0; b < 256; b++ {
		s := string([]byte{byte(b)})
		if got, want := idByte(byte(b)), idRE.MatchString(s); got != want {
			t.Errorf("byte %#x: idByte %v, IDPattern %v", b, got, want)
		}
	}
}
