package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// maxLine is the longest line chat and replay read: far more than any
// question (the matcher reads only a message's beginning and end).
const maxLine = 1 << 20

// lineScanner reads chat's and replay's standard input a line at a time,
// counting lines, so that a line too long to read is named in the error
// instead of ending the command with bufio's "token too long".
type lineScanner struct {
	sc *bufio.Scanner
	n  int // lines read
}

func newLineScanner(r io.Reader) *lineScanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	return &lineScanner{sc: sc}
}

// Scan reads the next line; false at the end of the input or on an error
// (Err).
func (s *lineScanner) Scan() bool {
	if !s.sc.Scan() {
		return false
	}
	s.n++
	return true
}

func (s *lineScanner) Bytes() []byte { return s.sc.Bytes() }
func (s *lineScanner) Text() string  { return s.sc.Text() }

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
