// Package sim is an in-memory simulator of HeyGen's v3 Video Agent API, used by every package's tests and by
// the server's --sandbox mode. It is an http.Handler serving /v3/...; mount it
// under a prefix with http.StripPrefix. It never calls HeyGen.
//
// # Time
//
// Sessions move on the injected Clock (WithClock). With a FakeClock, call
// Advance(d) to move time and apply every due transition; callbacks are then
// delivered synchronously before Advance returns. In real-time mode call
// Start(ctx): a ticker delivers callbacks; requests apply due transitions
// themselves, so replies are always current. Transitions are dated at their
// scheduled time, so results do not depend on how often anything ticks.
//
// DefaultTimings (a generate-mode video takes 6.5 min):
//
//	Thinking   2 min   create -> first pause (chat) or render start (generate)
//	Replying   1 min   sent message -> next pause or render start
//	Queued     30 s    video pending -> processing
//	Rendering  4 min   video processing -> completed | failed
//	RetryAfter 30 s    what a 429 asks callers to wait
//
// Timings.Scale(f) divides them all; Scale(15) gives a 26 s generate-mode video.
//
// # Session scripts
//
// generate mode: thinking -> generating (video_id assigned, video pending, then
// processing) -> completed (video completed) or failed.
//
// chat mode: thinking -> waiting_for_input (the newest role "model" message asks
// "Which voice should I use? Options: Warm narrator (voice_id voice_warm_01),
// ...") -> message -> thinking -> reviewing (a model message of type "resource"
// whose resource_ids name a "draft" storyboard resource) -> message -> thinking
// -> generating -> completed. A message with auto_proceed true while
// waiting_for_input skips the review: thinking -> generating (its meaning is
// documented; that HeyGen still honours it is inferred). A message after completed
// or failed starts a revision: thinking -> generating -> completed with a NEW
// video, listed first by /videos; the session's video_id moves to it.
//
// progress rises 0-10 (first thinking), 25 at review, 30-40 while pending,
// 40-99 while processing, 100 when completed; it freezes on failure.
// Messages are returned newest first, at most 40.
//
// # Markers
//
// Put these in a prompt (or, for a revision, in a message):
//
//	[[fail]]   the render fails: video failed with failure_code
//	           "rendering_failed", session failed with a type "error" message,
//	           callback video_agent.fail
//	[[stuck]]  (prompt only) the session stays in thinking forever, for
//	           watcher timeouts; stop ends it at once
//
// # Inferred choices for undocumented behaviour
//
//   - A message to a generate-mode session: 400 invalid_parameter, param
//     "session_id". A message while thinking or generating: 409 conflict.
//   - Stop: a session paused for input stops at once; a thinking one at the end
//     of its current step. Both end "failed" with a type "error" message (v3 has
//     no stopped status) and a video_agent.fail callback. A running render is
//     not cancelled (partial results are kept); a finished session is unchanged.
//   - 429 rate_limit_exceeded counts sessions in thinking or generating per key;
//     sessions paused for input hold no job slot.
//   - Idempotency-Key, as documented, on POST /v3/assets only: a 2xx reply is
//     replayed for 24 h (header Idempotent-Replayed: true; no second asset), a
//     request overlapping the first gets 409 request_in_progress, other replies
//     are forgotten so the upload can be sent again under the same key. POST
//     /v3/video-agents ignores the key by default (HeyGen does not document it
//     there): every create starts a session. WithCreateIdempotency(true) makes
//     the create replay like an upload (inferred: a HeyGen that honours it).
//   - Each key starts with 1000 credits (WithCredits); a completed video costs
//     0.0667 credits per second of output; below 1 credit create answers 402
//     insufficient_credit.
//   - A sent message may carry files; they are validated like create's and
//     otherwise ignored. avatar_id, voice_id, style_id and asset ids are not
//     checked against the catalogues.
//   - Callbacks are sent once, not retried, signed when WithWebhookSecret is set.
//   - Auth: X-Api-Key or "Authorization: Bearer <access token>"; X-Api-Key wins
//     when both are sent. A token is its own tenant, apart from every key. A
//     missing, unknown or expired credential gets 401 unauthorized.
//
// # Knobs
//
// WithVideoIDAtCreate (video_id in the create reply), WithSessionGoneAfterVideo
// (session GET answers 404 once its video has existed for d), WithMaxConcurrentJobs,
// WithAPIKeys, WithAccessTokens, WithCredits, WithCallbackClient + WithWebhookSecret, WithVideoURLFunc,
// WithThumbnailURLFunc, WithSeed, WithLogger, WithCreateIdempotency; InjectFault
// for status, body, delay, Retry-After and connection drops, before the handler
// (nothing done) or after it (Fault.AfterHandler: done, reply lost), with
// SessionCount and AssetCount to count what was made, and HTMLErrorFault, EmptyBodyFault,
// MalformedJSONFault and HugeBodyFault for the common shapes.
package sim
