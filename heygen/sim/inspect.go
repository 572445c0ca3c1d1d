package sim

// SessionCount is how many sessions exist, over every API key and token: what
// the account(s) would be billed for. For tests that prove a call made at most
// one session whatever the faults.
func (s *Simulator) SessionCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, t := range s.tenants {
		n += len(t.sessions)
	}
	return n
}

// AssetCount is how many assets POST /v3/assets has stored, over every API key
// and token (a replayed upload stores none).
func (s *Simulator) AssetCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, t := range s.tenants {
		n += t.assets
	}
	return n
}
