package kf

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Beijing is the desk's time zone: working hours are Beijing hours
// wherever the bot runs.
var Beijing = time.FixedZone("CST", 8*3600)

// Hours are when people take conversations over. The zero Hours is
// always: every hand-over request is transferred.
type Hours struct {
	rules []hoursRule
	text  string
	en    string // the hours in English
}

type hoursRule struct {
	days   [8]bool // by ISO weekday, 1 = Monday
	ranges [][2]int
}

// ParseHours reads working hours such as "1-5 09:00-12:00,13:30-17:30;
// 6 09:00-12:00": rules separated by ";", each the ISO weekdays (1 =
// Monday … 7 = Sunday, a single day, a range or a comma list) and one or
// more time ranges in Beijing time. An empty string is always.
func ParseHours(s string) (Hours, error) {
	var h Hours
	if strings.TrimSpace(s) == "" {
		return h, nil
	}
	var texts, en []string
	for _, part := range strings.Split(s, ";") {
		fields := strings.Fields(part)
		if len(fields) != 2 {
			return Hours{}, fmt.Errorf("working hours %q: want weekdays and times, such as \"1-5 09:00-17:00\"", strings.TrimSpace(part))
		}
		var r hoursRule
		if err := parseDays(fields[0], &r.days); err != nil {
			return Hours{}, fmt.Errorf("working hours %q: %w", strings.TrimSpace(part), err)
		}
		for _, span := range strings.Split(fields[1], ",") {
			from, to, ok := strings.Cut(span, "-")
			a, errA := parseClock(from)
			b, errB := parseClock(to)
			if !ok || errA != nil || errB != nil || a >= b {
				return Hours{}, fmt.Errorf("working hours %q: %q is not a time range such as 09:00-17:00", strings.TrimSpace(part), span)
			}
			r.ranges = append(r.ranges, [2]int{a, b})
		}
		h.rules = append(h.rules, r)
		texts = append(texts, daysText(fields[0], dayNames, "至", "、")+" "+strings.ReplaceAll(fields[1], ",", "、"))
		en = append(en, daysText(fields[0], dayNamesEn, "–", ", ")+" "+strings.ReplaceAll(fields[1], ",", ", "))
	}
	h.text, h.en = strings.Join(texts, "；"), strings.Join(en, "; ")
	return h, nil
}

func parseDays(s string, days *[8]bool) error {
	for _, p := range strings.Split(s, ",") {
		from, to, isRange := strings.Cut(p, "-")
		a, errA := strconv.Atoi(from)
		b := a
		var errB error
		if isRange {
			b, errB = strconv.Atoi(to)
		}
		if errA != nil || errB != nil || a < 1 || b > 7 || a > b {
			return fmt.Errorf("%q is not weekdays 1 (Monday) to 7 (Sunday)", s)
		}
		for d := a; d <= b; d++ {
			days[d] = true
		}
	}
	return nil
}

func parseClock(s string) (int, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		if s == "24:00" {
			return 24 * 60, nil
		}
		return 0, err
	}
	return t.Hour()*60 + t.Minute(), nil
}

var (
	dayNames   = [8]string{"", "周一", "周二", "周三", "周四", "周五", "周六", "周日"}
	dayNamesEn = [8]string{"", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
)

func daysText(s string, names [8]string, to, sep string) string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		from, last, isRange := strings.Cut(p, "-")
		a, _ := strconv.Atoi(from)
		if !isRange {
			out = append(out, names[a])
			continue
		}
		b, _ := strconv.Atoi(last)
		out = append(out, names[a]+to+names[b])
	}
	return strings.Join(out, sep)
}

// Always reports whether no hours were set.
func (h Hours) Always() bool { return len(h.rules) == 0 }

// Open reports whether t falls within the hours.
func (h Hours) Open(t time.Time) bool {
	if h.Always() {
		return true
	}
	t = t.In(Beijing)
	day := int(t.Weekday())
	if day == 0 {
		day = 7
	}
	minute := t.Hour()*60 + t.Minute()
	for _, r := range h.rules {
		if !r.days[day] {
			continue
		}
		for _, span := range r.ranges {
			if minute >= span[0] && minute < span[1] {
				return true
			}
		}
	}
	return false
}

// String is the hours as customers read them, e.g. "周一至周五 09:00-17:00".
func (h Hours) String() string { return h.text }

// English returns the hours in English: Mon–Fri 09:00-17:00.
func (h Hours) English() string { return h.en }
