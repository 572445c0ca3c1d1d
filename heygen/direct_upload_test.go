package heygen_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/heygen-mcp/heygen-mcp/heygen"
	"github.com/heygen-mcp/heygen-mcp/heygen/sim"
)

func bigMP4(size int) []byte {
	b := make([]byte, size)
	copy(b, "\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")
	return b
}

func TestUploadLargeAssetThroughSimulator(t *testing.T) {
	e := newSimEnv(t)
	c, _ := e.client(t)
	data := bigMP4(33 << 20)
	var last int64
	a, err := c.UploadLargeAsset(context.Background(), "/home/me/clip.mp4", "video/mp4", bytes.NewReader(data), int64(len(data)),
		func(sent int64) { last = sent })
	require.NoError(t, err)
	assert.Equal(t, int64(len(data)), a.SizeBytes)
	assert.Equal(t, "video/mp4", a.MimeType)
	assert.Equal(t, int64(len(data)), last)
	puts, stored, ok := e.sim.DirectUploadPuts(a.AssetID)
	require.True(t, ok)
	assert.Equal(t, 1, puts)
	assert.Equal(t, int64(len(data)), stored)
	assert.Equal(t, 1, e.sim.AssetCount())

	var sawPut bool
	for _, r := range e.sim.Requests() {
		if r.Method == http.MethodPut {
			sawPut = true
			assert.Empty(t, r.Header.Get("X-Api-Key"), "the key must never go to the presigned URL")
			assert.Empty(t, r.Header.Get("Authorization"))
			assert.Equal(t, "video/mp4", r.Header.Get("Content-Type"))
		}
	}
	assert.True(t, sawPut)
	assert.Equal(t, 1, e.sim.RequestCount(http.MethodPost, "/v3/assets/direct-uploads"))
	assert.Equal(t, 0, e.sim.RequestCount(http.MethodPost, "/v3/assets/"+a.AssetID+"x"))

	// Complete is documented as idempotent: a repeat returns the same asset.
	again, err := c.CompleteDirectUpload(context.Background(), a.AssetID, "")
	require.NoError(t, err)
	assert.Equal(t, a.AssetID, again.AssetID)
	assert.Equal(t, 1, e.sim.AssetCount())
}

func TestDirectUploadPutRetriedCompleteOnlyAfterSuccess(t *testing.T) {
	e := newSimEnv(t)
	c, w := e.client(t)
	data := bigMP4(1 << 20)
	defer e.sim.InjectFault(sim.Fault{Method: http.MethodPut, Path: "/upload/*", Status: http.StatusServiceUnavailable, Times: 1})()
	a, err := c.UploadLargeAsset(context.Background(), "clip.mp4", "video/mp4", bytes.NewReader(data), int64(len(data)), nil)
	require.NoError(t, err)
	assert.Equal(t, 2, e.sim.RequestCount(http.MethodPut, "/upload/"))
	assert.Len(t, w.all(), 1)
	assert.Equal(t, 1, e.sim.AssetCount(), a.AssetID)
}

func TestDirectUploadPutFailureNeverCompletes(t *testing.T) {
	e := newSimEnv(t)
	c, _ := e.client(t)
	data := bigMP4(1 << 20)
	defer e.sim.InjectFault(sim.Fault{Method: http.MethodPut, Path: "/upload/*", Status: http.StatusForbidden,
		Body: "<Error><Code>AccessDenied</Code><Message>X-Amz-Signature=sekrit</Message></Error>", ContentType: "application/xml"})()
	_, err := c.UploadLargeAsset(context.Background(), "clip.mp4", "video/mp4", bytes.NewReader(data), int64(len(data)), nil)
	require.Error(t, err)
	var due *heygen.DirectUploadError
	require.True(t, errors.As(err, &due))
	assert.Equal(t, "upload", due.Stage)
	var ae *heygen.APIError
	require.True(t, errors.As(err, &ae))
	assert.Equal(t, http.StatusForbidden, ae.StatusCode)
	assert.NotContains(t, err.Error(), "sekrit")
	assert.NotContains(t, err.Error(), "X-Amz-Signature")
	assert.Equal(t, 1, e.sim.RequestCount(http.MethodPut, "/upload/"), "403 is not retried")
	assert.Equal(t, 0, e.sim.RequestCount(http.MethodPost, "/v3/assets/"+due.AssetID+"/complete"))
	assert.Equal(t, 0, e.sim.AssetCount())
}

func TestCreateDirectUploadNotResentOn5xx(t *testing.T) {
	e := newSimEnv(t)
	c, _ := e.client(t)
	defer e.sim.InjectFault(sim.Fault{Method: http.MethodPost, Path: "/v3/assets/direct-uploads", Status: http.StatusBadGateway})()
	_, err := c.UploadLargeAsset(context.Background(), "clip.mp4", "video/mp4", bytes.NewReader(bigMP4(100)), 100, nil)
	require.Error(t, err)
	assert.True(t, heygen.OutcomeUnknown(err))
	assert.Equal(t, 1, e.sim.RequestCount(http.MethodPost, "/v3/assets/direct-uploads"))
	assert.Equal(t, 0, e.sim.RequestCount(http.MethodPut, "/upload/"))
}

func TestCompleteDirectUploadRetriedOn5xx(t *testing.T) {
	e := newSimEnv(t)
	c, _ := e.client(t)
	up, err := c.CreateDirectUpload(context.Background(), &heygen.DirectUploadRequest{Filename: "a.mp4", ContentType: "video/mp4", SizeBytes: 64})
	require.NoError(t, err)
	require.NoError(t, c.PutDirectUpload(context.Background(), up, bytes.NewReader(bigMP4(64)), 64, nil))
	defer e.sim.InjectFault(sim.Fault{Method: http.MethodPost, Path: "/v3/assets/" + up.AssetID + "/complete",
		Status: http.StatusBadGateway, AfterHandler: true, Times: 1})()
	done, err := c.CompleteDirectUpload(context.Background(), up.AssetID, "")
	require.NoError(t, err)
	assert.Equal(t, up.AssetID, done.AssetID)
	assert.Equal(t, 2, e.sim.RequestCount(http.MethodPost, "/v3/assets/"+up.AssetID+"/complete"))
	assert.Equal(t, 1, e.sim.AssetCount())
}

func TestCompleteBeforePutRefused(t *testing.T) {
	e := newSimEnv(t)
	c, _ := e.client(t)
	up, err := c.CreateDirectUpload(context.Background(), &heygen.DirectUploadRequest{Filename: "a.mp4", ContentType: "video/mp4", SizeBytes: 64})
	require.NoError(t, err)
	_, err = c.CompleteDirectUpload(context.Background(), up.AssetID, "")
	var ae *heygen.APIError
	require.True(t, errors.As(err, &ae))
	assert.Equal(t, http.StatusBadRequest, ae.StatusCode)
}

func TestDirectUploadValidation(t *testing.T) {
	c, err := heygen.NewClient(heygen.WithAPIKey(testKey), heygen.WithBaseURL("http://127.0.0.1:1"))
	require.NoError(t, err)
	ctx := context.Background()
	for _, req := range []*heygen.DirectUploadRequest{
		nil,
		{Filename: "", ContentType: "video/mp4", SizeBytes: 1},
		{Filename: "a.mp4", ContentType: "", SizeBytes: 1},
		{Filename: "a.mp4", ContentType: "video/mp4", SizeBytes: 0},
		{Filename: "a.mp4", ContentType: "video/mp4", SizeBytes: heygen.MaxDirectUploadBytes + 1},
		{Filename: "a.mp4", ContentType: "video/mp4", SizeBytes: 1, ChecksumSHA256: "xyz"},
	} {
		_, err := c.CreateDirectUpload(ctx, req)
		var ve *heygen.ValidationError
		assert.True(t, errors.As(err, &ve), "%+v: %v", req, err)
	}
	_, err = c.CompleteDirectUpload(ctx, "../x", "")
	var ve *heygen.ValidationError
	assert.True(t, errors.As(err, &ve))
	err = c.PutDirectUpload(ctx, &heygen.DirectUpload{AssetID: "a", UploadURL: "ftp://x/y"}, bytes.NewReader(nil), 0, nil)
	assert.True(t, errors.As(err, &ve))
	err = c.PutDirectUpload(ctx, &heygen.DirectUpload{AssetID: "a", UploadURL: "https://s3.example/x", MaxBytes: 10}, bytes.NewReader(nil), 11, nil)
	assert.True(t, errors.As(err, &ve))
}

func TestListBrandKitsThroughSimulator(t *testing.T) {
	e := newSimEnv(t)
	c, _ := e.client(t)
	p, err := c.ListBrandKits(context.Background(), &heygen.ListBrandKitsOptions{ListOptions: heygen.ListOptions{Limit: 2}})
	require.NoError(t, err)
	require.Len(t, p.Data, 2)
	assert.True(t, p.HasMore)
	assert.NotEmpty(t, p.Data[0].BrandKitID)
	assert.NotEmpty(t, p.Data[0].Colors)
	p2, err := c.ListBrandKits(context.Background(), &heygen.ListBrandKitsOptions{ListOptions: heygen.ListOptions{Token: p.Next()}})
	require.NoError(t, err)
	require.Len(t, p2.Data, 1)
	assert.Nil(t, p2.Data[0].LogoURL)
	_, err = c.ListBrandKits(context.Background(), &heygen.ListBrandKitsOptions{ListOptions: heygen.ListOptions{Limit: 101}})
	var ve *heygen.ValidationError
	assert.True(t, errors.As(err, &ve))
}
