package intents
import "testing"
func BenchmarkMatchScratch(b *testing.B){
	cfg,_:=LoadFiles("../faq.yaml","intents.yaml"); m,_:=New(cfg)
	qs:=[]string{"卡证融合以后申请网址变了吗","換發電子證照需要什麼材料","old card要return吗","照片有什么要求","火车票怎么买"}
	b.ResetTimer()
	for i:=0;i<b.N;i++{ m.Match(qs[i%len(qs)]) }
}
