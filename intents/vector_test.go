package intents

import (
	"slices"
	"testing"
)

// TestVectorOf: the matching path's vector, built without a map of
// feature names, is the one training's featureMap and vector give, for
// Chinese, English, mixed, repeated and empty messages.
func TestVectorOf(t *testing.T) {
	m := fixtureMatcherWith(t, func(*Config) {})
	texts := []string{
		"照片有什么要求", "换发电子证照需要哪些材料，换发电子证照在哪里操作", "外国员工必须交社保吗",
		"What are the photo requirements for the e-work permit?", "我们HR想问 work permit 换发 materials",
		"照片照片照片", "", "？？", "单位注册提示验证失败，根据统一社会信用代码未查询到信息是什么原因",
	}
	n := 0
	for _, text := range texts {
		a := m.analyse(text, nil)
		want := m.model.vector(m.featureMap(a), 1, nil)
		got := m.vectorOf(a)
		if !slices.Equal(got, want) {
			t.Errorf("%q: vectorOf = %v, want %v", text, got, want)
		}
		n += len(got)
	}
	if n == 0 {
		t.Fatal("no message had a known feature: the test would prove nothing")
	}
}

// TestAddSimilarities: adding the similarities to the class scores in
// place gives what adding the vector of every class's similarity gives.
func TestAddSimilarities(t *testing.T) {
	m := fixtureMatcherWith(t, func(*Config) {})
	md := m.model
	touched := 0
	for _, text := range []string{"照片有什么要求", "换发电子证照需要哪些材料", "What are the photo requirements?", "深圳明天天气怎么样", ""} {
		x := m.vectorOf(m.analyse(text, nil))
		want := md.scores(x, nil)
		got := slices.Clone(want)
		for c, sim := range md.similarities(x, nil) {
			want[c] += 1.5 * sim
			if sim > 0 {
				touched++
			}
		}
		md.addSimilarities(x, nil, 1.5, got)
		if !slices.Equal(got, want) {
			t.Errorf("%q: addSimilarities gives %v, want %v", text, got, want)
		}
	}
	if touched == 0 {
		t.Fatal("no message was similar to any example: the test would prove nothing")
	}
}
