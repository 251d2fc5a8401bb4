package intents

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// norm is the first step for every text the matcher sees, questions and
// configuration alike: full-width to half-width (ＪＰＧ９０ → jpg90), lower
// case, traditional to simplified for the characters this domain uses,
// punctuation and symbols to single spaces. Characters that carry meaning
// inside a token (x in 354x472, * in 354*472, . in 1.5m) are kept.
func norm(s string) string {
	s = width.Fold.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := true // collapse leading and repeated spaces
	for _, r := range s {
		if simp, ok := t2s[r]; ok {
			r = simp
		}
		switch {
		case r == '*' || r == '.' || r == '-' || r == '+' || r == '@' || r == '_':
			// part of numbers, sizes and addresses: keep
		case unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r) || unicode.IsControl(r):
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		b.WriteRune(unicode.ToLower(r))
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

// Normalize returns text as the matcher sees it before segmentation:
// half-width, lower case, simplified, punctuation as single spaces. The
// unmatched-question log groups questions by it.
func Normalize(text string) string { return norm(text) }

// t2s maps the traditional characters that appear in questions about work
// permits and social security to their simplified forms. It is deliberately
// small: a full OpenCC conversion would cost a dependency and start-up time
// for characters this domain never sees.
var t2s = func() map[rune]rune {
	const pairs = "證证許许換换發发電电會会險险辦办請请問问麼么單单國国資资號号舊旧嗎吗這这個个們们為为與与來来華华處处動动變变註注銷销統统係系網网聯联繫系關关開开認认書书審审過过時时間间還还種种樣样齡龄歲岁領领協协業业務务醫医療疗話话經经濟济險险規规劃划實实際际體体驗验碼码詢询員员員员應应該该嗎吗麼么們们東东紙纸張张補补遺遗變变補补條条約约間间號号碼码級级質质齊齐產产確确態态準准備备學学習习護护權权歸归簽签區区場场內内與与這这們们啥啥麼么嗎吗後后於于從从將将當当對对機机構构無无沒没錢钱費费換换續续辦办雙双離离職职聘聘僱雇傭佣隊队層层絡络線线網网頁页點点擊击鍵键錄录證证碼码畫画圖图幀帧標标準准尺尺寸寸檔档範范頭头貼贴優优惠惠參参選选擇择項项寫写覽览轉转載载遞递傳传輸输給给讓让說说講讲認认識识記记錄录幫帮嗨嗨謝谢們们處处長长門门專专廣广慶庆厲厉壓压廳厅縣县鄉乡鎮镇龍龙萬万億亿週周郵邮傳传態态聽听讀读課课談谈謂谓費费貨货質质購购買买賣卖養养順顺預预領领頒颁顧顾題题類类顯显風风飛飞馬马驗验體体髮发鬆松麵面黃黄點点齒齿龐庞証证裡里蓋盖繳缴納纳須须稅税錯错誤误訊讯邊边組组織织議议詳详細细冊册敗败據据況况總总監监掃扫過过遞递紀纪錄录態态撥拨視视頻频場场屆届憑凭嚴严聲声啟启狀状"
	m := make(map[rune]rune, len(pairs)/2)
	rs := []rune(pairs)
	for i := 0; i+1 < len(rs); i += 2 {
		if rs[i] != rs[i+1] {
			m[rs[i]] = rs[i+1]
		}
	}
	return m
}()

// stripFillers removes politeness and filler phrases (请问, 麻烦问一下) that
// carry no meaning. fillers must be sorted longest first.
func stripFillers(s string, fillers []string) string {
	for _, f := range fillers {
		if strings.Contains(s, f) {
			s = strings.ReplaceAll(s, f, " ")
		}
	}
	return s
}
