package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// maxLine is the longest line chat and replay read: far more than any
// question (the matcher reads only a message's beginning and end).
const maxLine = 1 << 20

// lineScanner reads chat's and replay's standard input a line at a time,
// counting lines, so that a line too long to read is named in the error
// instead of ending the command with bufio's "token too long". A line that
// is not UTF-8 is read as GB18030 (of which GBK and GB2312 are parts) when
// it reads as Chinese that way, as text saved by Chinese Windows software
// does, and otherwise with its invalid bytes replaced; warn is told once.
type lineScanner struct {
	sc     *bufio.Scanner
	n      int // lines read
	line   []byte
	warn   io.Writer
	warned bool
}

func newLineScanner(r io.Reader, warn io.Writer) *lineScanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	return &lineScanner{sc: sc, warn: warn}
}

// Scan reads the next line; false at the end of the input or on an error
// (Err).
func (s *lineScanner) Scan() bool {
	if !s.sc.Scan() {
		return false
	}
	s.n++
	s.line = s.sc.Bytes()
	if s.n == 1 {
		// Windows Notepad begins a UTF-8 file with a byte-order mark.
		s.line = bytes.TrimPrefix(s.line, []byte("\uFEFF"))
	}
	if !utf8.Valid(s.line) {
		how := "its bytes that are not UTF-8 were replaced"
		if gb, ok := readGB18030(s.line); ok {
			s.line, how = gb, "read as GB18030 (GBK)"
		} else {
			s.line = bytes.ToValidUTF8(s.line, []byte("\uFFFD"))
		}
		if !s.warned {
			s.warned = true
			fmt.Fprintf(s.warn, "faqbot: standard input line %d is not UTF-8: %s (only the first such line is reported)\n", s.n, how)
		}
	}
	return true
}

// readGB18030 returns line, which is not UTF-8, read as GB18030, when it
// is that: no more Chinese characters in it read as UTF-8 (three bytes
// each) than bytes UTF-8 cannot read (a UTF-8 line with a stray byte is
// UTF-8, damaged), every byte read as GB18030 (its decoder writes U+FFFD
// for the others) and a Chinese character among them.
func readGB18030(line []byte) ([]byte, bool) {
	wide, invalid := 0, 0
	for i := 0; i < len(line); {
		r, n := utf8.DecodeRune(line[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			invalid++
			n = 1
		case n == 3:
			wide++
		}
		i += n
	}
	if wide > invalid {
		return nil, false
	}
	gb, err := simplifiedchinese.GB18030.NewDecoder().Bytes(line)
	if err != nil || bytes.ContainsRune(gb, utf8.RuneError) || !hasHan(gb) {
		return nil, false
	}
	return gb, true
}

// hasHan reports whether b holds a Chinese character.
func hasHan(b []byte) bool {
	for _, r := range string(b) {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func (s *lineScanner) Bytes() []byte { return s.line }
func (s *lineScanner) Text() string  { return string(s.line) }

// Line is the number of the line Scan read last, from 1.
func (s *lineScanner) Line() int { return s.n }

// Err is the error that stopped Scan, if any.
func (s *lineScanner) Err() error {
	err := s.sc.Err()
	if errors.Is(err, bufio.ErrTooLong) {
		return fmt.Errorf("standard input line %d is %d MiB or longer: stopped there (the lines before it were answered)", s.n+1, maxLine>>20)
	}
	return err
}
