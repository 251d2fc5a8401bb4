package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// checkTarget refuses, before anything is built or sent, a host that is not
// on this machine: every address the name resolves to must be loopback.
func checkTarget(ctx context.Context, host string, allowRemote bool) error {
	if allowRemote {
		return nil
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if !ip.IsLoopback() {
			return fmt.Errorf("refusing %s: it is not a loopback address (127.0.0.0/8, ::1); pass --allow-remote to load a remote bot", host)
		}
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return fmt.Errorf("resolve %s: %w", host, err)
	}
	for _, a := range addrs {
		if !a.Unmap().IsLoopback() {
			return fmt.Errorf("refusing %s: it resolves to %s, which is not loopback; pass --allow-remote to load a remote bot", host, a)
		}
	}
	return nil
}

// newClient makes the HTTP client of a run. Without --allow-remote it checks
// every address it dials as well, so that neither a name resolving anew, a
// redirect nor an HTTP_PROXY setting can lead the load elsewhere.
func newClient(c config) *http.Client {
	dialer := &net.Dialer{Timeout: c.timeout}
	if !c.allowRemote {
		dialer.Control = func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil || !ap.Addr().Unmap().IsLoopback() {
				return fmt.Errorf("refusing to dial %s: not loopback", address)
			}
			return nil
		}
	}
	return &http.Client{
		Timeout: c.timeout,
		Transport: &http.Transport{
			Proxy:               nil,
			DialContext:         dialer.DialContext,
			MaxIdleConns:        2 * c.concurrency,
			MaxIdleConnsPerHost: 2 * c.concurrency, // retries run beside their originals
			IdleConnTimeout:     30 * time.Second,
		},
		// The platform does not follow redirects; a redirect is a
		// misconfigured URL, reported as such.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
