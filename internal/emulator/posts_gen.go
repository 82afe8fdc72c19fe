package emulator

// Synthetic posts: deterministic per account, whatever its target ids.

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
	"time"
)

// postHorizon is the age of the oldest synthetic post, before jitter, unless
// Options.PostsDays says otherwise.
const postHorizon = 400 * 24 * time.Hour

// postJitter bounds the jitter added to a synthetic post's age.
const postJitter = 6 * time.Hour

// horizonOf returns the age before jitter of the oldest synthetic post:
// postHorizon when days is 0, else such that every post is less than days
// days old, jitter included.
func horizonOf(days int) time.Duration {
	if days <= 0 {
		return postHorizon
	}
	return time.Duration(days)*24*time.Hour - postJitter
}

// captions are the bodies of synthetic captions.
var captions = []string{
	"three tips for cold brew",
	"behind the scenes at the studio",
	"what we shipped this week",
	"day in the life",
	"answering your questions",
	"before and after",
	"the one mistake everyone makes",
	"unboxing the new drop",
}

// post is one synthetic post of a target. Empty strings and a negative
// duration mean null.
type post struct {
	id              string
	publishedAt     time.Time
	caption         string
	platformPostID  string
	genviralPostID  string
	externalID      string
	permalink       string
	thumbnailURL    string
	durationSeconds int
	views           int64
	likes           int64
	comments        int64
	shares          int64
	saves           int64
	// rate, when not nil, is the engagement rate sent instead of the one
	// computed from the counters (SetPostMetrics).
	rate *float64
}

// generatePosts returns n deterministic posts of a target. Post i is
// published horizon·((i+1)/n)² before now (plus up to postJitter), so
// recent posts are denser and the range presets 14d, 30d, 90d,
// 1y and all select growing subsets. Metrics, ids and nulls derive from a
// hash of (platform, normalized handle, index), not from the target id, so
// an account has the same posts in every Server whatever its ids (random by
// default) are.
func generatePosts(platform, handle string, n int, now time.Time, horizon time.Duration) []post {
	if n <= 0 {
		return nil
	}
	out := make([]post, n)
	account := platform + "/" + handle
	for i := range out {
		h := hashOf("post", account, i)
		a, b, c, d := word(h, 0), word(h, 1), word(h, 2), word(h, 3)
		frac := float64(i+1) / float64(n)
		age := time.Duration(frac*frac*float64(horizon)) + time.Duration(a%uint64(postJitter))
		p := post{
			id:              uuidFrom(hashOf("post-id", account, i)),
			publishedAt:     now.Add(-age).Truncate(time.Second),
			caption:         fmt.Sprintf("%s #%d", captions[d%uint64(len(captions))], i+1),
			durationSeconds: 5 + int(c%175),
			views:           150 + int64((a>>24)%400000),
		}
		p.likes = p.views * int64(5+b%75) / 1000
		p.comments = p.likes * int64(1+(b>>8)%12) / 100
		p.shares = p.likes * int64((b>>16)%25) / 100
		p.saves = p.likes * int64((b>>24)%20) / 100

		short := base64.RawURLEncoding.EncodeToString(h[24:32])
		var native string
		switch platform {
		case "tiktok":
			native = fmt.Sprintf("7%018d", d%1e18)
			p.permalink = fmt.Sprintf("https://www.tiktok.com/@%s/video/%s", handle, native)
		case "instagram":
			native = fmt.Sprintf("18%015d", d%1e15)
			p.permalink = "https://www.instagram.com/reel/" + short + "/"
		default:
			native = short
			p.permalink = "https://www.youtube.com/shorts/" + short
		}
		if (c>>16)%11 != 0 {
			p.platformPostID = native
		}
		if (c>>8)%5 == 0 {
			p.durationSeconds = -1
		}
		if (c>>24)%4 == 0 {
			g := hashOf("genviral-post", account, i)
			p.genviralPostID = uuidFrom(g)
			if (c>>32)%2 == 0 {
				p.externalID = "ext_" + hex.EncodeToString(g[16:22])
			}
		}
		if (c>>40)%7 != 0 {
			p.thumbnailURL = "https://cdn.example.com/analytics/thumbs/" + p.id + ".jpg"
		}
		out[i] = p
	}
	return out
}

// hashOf hashes the printed forms of parts.
func hashOf(parts ...any) [32]byte {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprint(h, p)
		h.Write([]byte{0})
	}
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// word returns the i-th 64-bit word (0..3) of h.
func word(h [32]byte, i int) uint64 {
	return binary.BigEndian.Uint64(h[8*i:])
}

// uuidFrom formats the first 16 bytes of h as a version 4 UUID.
func uuidFrom(h [32]byte) string {
	b := h[:16]
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// avatarURL returns the avatar of a target's account; about a third of
// accounts have none. Like posts, it does not depend on the target id.
func avatarURL(t *target) *string {
	h := hashOf("avatar", t.Platform, t.NormalizedIdentifier)
	if h[0]%3 == 0 {
		return nil
	}
	return nullable(fmt.Sprintf("https://cdn.example.com/analytics/avatars/%x.jpg", h[1:9]))
}

// PostMetrics are the metrics SetPostMetrics gives a synthetic post: values
// a buggy API version might send (huge, negative).
type PostMetrics struct {
	Views, Likes, Comments, Shares, Saves int64
	// EngagementRate, when not nil, is sent instead of the rate computed
	// from the counters.
	EngagementRate *float64
}

// SetPostMetrics gives post i of a target (in generation order: 0 is the
// newest) the metrics m. It reports whether the post exists.
func (s *Server) SetPostMetrics(targetID string, i int, m PostMetrics) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.targets[targetID]
	if !ok || i < 0 || i >= len(t.posts) {
		return false
	}
	// Posts are replaced, never changed in place (see sortedPosts).
	t.posts = slices.Clone(t.posts)
	p := &t.posts[i]
	p.views, p.likes, p.comments, p.shares, p.saves = m.Views, m.Likes, m.Comments, m.Shares, m.Saves
	p.rate = m.EngagementRate
	return true
}
