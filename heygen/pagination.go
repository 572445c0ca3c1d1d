package heygen

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"strconv"
)

// All iterates every item of a paginated list, fetching pages on demand with
// the previous page's next_token. It stops at the first error (yielded once),
// when the consumer breaks, or when HeyGen repeats a token (a loop).
//
//	for v, err := range heygen.All(ctx, func(ctx context.Context, tok string) (*heygen.Page[heygen.Video], error) {
//		return c.ListVideos(ctx, &heygen.ListVideosOptions{ListOptions: heygen.ListOptions{Token: tok}})
//	}) { ... }
func All[T any](ctx context.Context, fetch func(ctx context.Context, token string) (*Page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if fetch == nil {
			yield(zero, errors.New("heygen: All needs a fetch function"))
			return
		}
		token := ""
		seen := map[string]bool{}
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			p, err := fetch(ctx, token)
			if err != nil {
				yield(zero, err)
				return
			}
			if p == nil {
				return
			}
			for _, v := range p.Data {
				if !yield(v, nil) {
					return
				}
			}
			next := p.Next()
			if next == "" {
				return
			}
			if seen[next] {
				yield(zero, fmt.Errorf("heygen: pagination loop: next_token %q was returned twice", excerpt([]byte(next), 64)))
				return
			}
			seen[next] = true
			token = next
		}
	}
}

// query encodes the paging options, validating limit against the endpoint's maximum.
func (o *ListOptions) query(maxLimit int) (url.Values, error) {
	q := url.Values{}
	if o == nil {
		return q, nil
	}
	if o.Limit < 0 || o.Limit > maxLimit {
		return nil, &ValidationError{Param: "limit", Message: fmt.Sprintf("%d is outside 1..%d; omit it (0) for HeyGen's default", o.Limit, maxLimit)}
	}
	if o.Limit > 0 {
		q.Set("limit", strconv.Itoa(o.Limit))
	}
	if o.Token != "" {
		q.Set("token", o.Token)
	}
	return q, nil
}

// setIf adds a query parameter only when it is set.
func setIf(q url.Values, key, value string) {
	if value != "" {
		q.Set(key, value)
	}
}

// oneOf validates an optional enum-valued filter.
func oneOf(param, value string, allowed ...string) error {
	if value == "" {
		return nil
	}
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return &ValidationError{Param: param, Message: fmt.Sprintf("%q is not one of %v", value, allowed)}
}
