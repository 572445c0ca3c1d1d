package sim

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault replaces or disturbs the simulator's answer to matching requests, for
// reliability tests. It is applied after authentication.
type Fault struct {
	Method string // "" matches any method
	Path   string // exact path, or a prefix when it ends in "*"

	// Status, when non-zero, answers with Status, Body and ContentType instead of
	// the real handler. Zero runs the real handler (useful with Delay or
	// DropConnection: "slow" or "cut off" but otherwise real).
	Status      int
	Body        string
	ContentType string // default application/json

	Delay          time.Duration // wait before answering; ends early when the request ctx does
	RetryAfter     string        // Retry-After header value, verbatim (seconds or HTTP date)
	DropConnection bool          // send headers and half the body, then abort the connection
	Times          int           // how many requests it applies to; 0 = forever

	// AfterHandler runs the real handler first, so the work is done (a
	// session or asset exists, an idempotent reply is stored), and only then
	// applies Delay, Status/Body and DropConnection to the answer: "HeyGen did
	// it, the reply was lost or replaced by a gateway's error". Without it a
	// Status fault answers instead of the handler and nothing is done.
	AfterHandler bool
}

type faultEntry struct {
	Fault
	left int // remaining uses when Times > 0
}

func (f *Fault) matches(r *http.Request) bool {
	if f.Method != "" && !strings.EqualFold(f.Method, r.Method) {
		return false
	}
	if p, ok := strings.CutSuffix(f.Path, "*"); ok {
		return strings.HasPrefix(r.URL.Path, p)
	}
	return f.Path == r.URL.Path
}

// InjectFault adds f; faults are tried in the order added and the first match
// wins. remove takes it out again (safe to call more than once).
func (s *Simulator) InjectFault(f Fault) (remove func()) {
	e := &faultEntry{Fault: f, left: f.Times}
	s.mu.Lock()
	s.faults = append(s.faults, e)
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.removeFaultLocked(e)
	}
}

func (s *Simulator) removeFaultLocked(e *faultEntry) {
	for i, x := range s.faults {
		if x == e {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			return
		}
	}
}

// matchFault returns the fault that applies to r, using up one of its Times.
func (s *Simulator) matchFault(r *http.Request) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.faults {
		if !e.matches(r) {
			continue
		}
		f := e.Fault
		if e.Times > 0 {
			e.left--
			if e.left <= 0 {
				s.removeFaultLocked(e)
			}
		}
		return &f
	}
	return nil
}

func faultReply(f Fault) reply {
	rep := reply{status: f.Status, body: []byte(f.Body)}
	ct := f.ContentType
	if ct == "" {
		ct = "application/json"
	}
	rep.header().Set("Content-Type", ct)
	return rep
}

// HugeBodySize is the size of HugeBodyFault's body: one byte over the 10 MiB a
// client should read.
const HugeBodySize = 10<<20 + 1

// HTMLErrorFault answers with a proxy-style HTML error page, as a CDN or load
// balancer in front of HeyGen would.
func HTMLErrorFault(method, path string, status int) Fault {
	return Fault{Method: method, Path: path, Status: status, ContentType: "text/html; charset=utf-8",
		Body: "<html><head><title>" + http.StatusText(status) + "</title></head><body><center><h1>" +
			strconv.Itoa(status) + " " + http.StatusText(status) + "</h1></center><hr><center>nginx</center></body></html>\n"}
}

// EmptyBodyFault answers with status and no body at all.
func EmptyBodyFault(method, path string, status int) Fault {
	return Fault{Method: method, Path: path, Status: status}
}

// MalformedJSONFault answers with status and a truncated JSON document labelled
// application/json.
func MalformedJSONFault(method, path string, status int) Fault {
	return Fault{Method: method, Path: path, Status: status, Body: `{"data": {"session_id": "sess_trunc`}
}

// HugeBodyFault answers with status and a HugeBodySize JSON-looking body, to
// prove that clients cap what they read.
func HugeBodyFault(method, path string, status int) Fault {
	var b strings.Builder
	b.Grow(HugeBodySize)
	b.WriteString(`{"error":{"code":"internal_error","message":"`)
	for b.Len() < HugeBodySize-3 {
		b.WriteByte('x')
	}
	b.WriteString(`"}}`)
	return Fault{Method: method, Path: path, Status: status, Body: b.String()}
}
