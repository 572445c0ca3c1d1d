package sandbox

import (
	"fmt"
	"math"
	"time"
)

// Notice starts every tool result text in sandbox mode.
const Notice = "SIMULATED (sandbox mode): nothing here touched HeyGen; URLs are sample files, not real HeyGen videos."

// RenderTimeText says how long a simulated generate-mode video takes at a
// sandbox speed (Options.Speed), for the texts a model reads; 0 means the
// speed is not known.
func RenderTimeText(speed float64) string {
	if speed <= 0 || math.IsNaN(speed) || math.IsInf(speed, 0) {
		return "A simulated video takes well under a minute in the sandbox."
	}
	d := time.Duration(float64(GenerateDuration) / speed)
	var about string
	switch {
	case d < time.Second:
		about = "under a second"
	case d < 1500*time.Millisecond:
		about = "about a second"
	case d < 90*time.Second:
		about = fmt.Sprintf("about %d seconds", int(d.Round(time.Second).Seconds()))
	default:
		about = fmt.Sprintf("about %d minutes", int(d.Round(time.Minute).Minutes()))
	}
	return "A simulated video takes " + about + " in the sandbox."
}
