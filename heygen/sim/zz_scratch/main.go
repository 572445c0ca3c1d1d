package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
)

func main() {
	clock := sim.NewFakeClock(time.Unix(1_800_000_000, 0))
	s := sim.New(sim.WithClock(clock), sim.WithSeed(1), sim.WithMaxConcurrentJobs(50))
	mux := http.NewServeMux()
	mux.Handle("/api/", http.StripPrefix("/api", s))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c, err := heygen.NewClient(heygen.WithBaseURL(srv.URL+"/api"), heygen.WithAPIKey("k1"))
	must(err)
	ctx := context.Background()
	cr, err := c.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: "hello world", Mode: "chat", Files: []heygen.AssetInput{heygen.URLFile("https://e.com/a.png")}})
	must(err)
	fmt.Printf("create %+v\n", cr)
	s.Advance(time.Hour)
	ss, err := c.GetSession(ctx, cr.SessionID)
	must(err)
	fmt.Println("status", ss.Status, ss.Messages[0].Content)
	_, err = c.SendMessage(ctx, cr.SessionID, &heygen.SendMessageRequest{Message: "warm"})
	must(err)
	s.Advance(time.Hour)
	ss, _ = c.GetSession(ctx, cr.SessionID)
	r, err := c.GetSessionResource(ctx, cr.SessionID, ss.Messages[0].ResourceIDs[0])
	must(err)
	fmt.Println("resource", r.ResourceType)
	c.SendMessage(ctx, cr.SessionID, &heygen.SendMessageRequest{Message: "approve"})
	s.Advance(time.Hour)
	ss, _ = c.GetSession(ctx, cr.SessionID)
	v, err := c.GetVideo(ctx, *ss.VideoID)
	must(err)
	fmt.Println("video", v.Status, *v.VideoURL)
	for i := 0; i < 25; i++ {
		_, err := c.CreateSession(ctx, &heygen.CreateSessionRequest{Prompt: fmt.Sprint("p", i)})
		must(err)
	}
	n := 0
	for x, err := range heygen.All(ctx, func(ctx context.Context, tok string) (*heygen.Page[heygen.SessionSummary], error) {
		return c.ListSessions(ctx, &heygen.ListOptions{Limit: 7, Token: tok})
	}) {
		must(err)
		_ = x
		n++
	}
	fmt.Println("sessions", n)
	a, err := c.UploadAsset(ctx, "a.png", bytes.NewReader(append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 50)...)))
	must(err)
	fmt.Printf("asset %+v\n", a)
	_, err = c.GetSession(ctx, "sess_nope")
	fmt.Println("notfound:", err, heygen.IsNotFound(err))
	_, err = c.SendMessage(ctx, cr.SessionID, &heygen.SendMessageRequest{Message: "x [[fail]]"})
	fmt.Println("send after completed:", err)
	st, err := c.ListStyles(ctx, &heygen.ListStylesOptions{Tag: "print"})
	must(err)
	fmt.Println("styles", len(st.Data))
	u, err := c.GetCurrentUser(ctx)
	must(err)
	fmt.Printf("user %+v\n", u.Wallet)
	c2, _ := heygen.NewClient(heygen.WithBaseURL(srv.URL+"/api"), heygen.WithAPIKey("k2"))
	_, err = c2.GetSession(ctx, cr.SessionID)
	fmt.Println("tenant:", err)
	s.InjectFault(sim.HTMLErrorFault("GET", "/v3/voices", 502))
	_, err = c.ListVoices(ctx, nil)
	fmt.Println("html:", err)
	fmt.Println("requests", s.RequestCount("", "/v3/"))
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
