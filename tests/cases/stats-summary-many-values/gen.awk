# 1000 evaluations x 9 areas.  raw_score takes about 8300 distinct values
# (beyond kk-stats' 4096 numbered ones, so its counts change form midway),
# score first halves, then about 1000 values; some scores, size classes
# and versions missing; a third country counts only under ALL.
BEGIN {
	print "evaluation_id,country,municipality_code,municipality,year," \
	    "version,area,raw_score,score,population,size_class," \
	    "municipality_id"
	for (e = 0; e < 1000; e++) {
		c = e % 7 == 0 ? "DK" : e % 2 ? "NO" : "SE"
		code = 1000 + e % 300
		y = 2000 + e % 20
		v = e % 3 ? "3.2" : e % 5 ? "2.0" : ""
		pop = 1000 + (e * 7919) % 30000
		sc = pop < 5000 ? "<5000" : pop < 10000 ? "5000-10000" : \
		    e % 11 ? ">10000" : ""
		for (a = 1; a <= 9; a++) {
			raw = (e * 9 + a) % 13 == 0 ? "" : \
			    sprintf("%.4f", ((e * 9 + a) * 7919 % 100003) / 1000.03)
			norm = e < 500 ? (e % 50) / 2 : \
			    sprintf("%.3f", (e * a) % 997 / 9.97)
			printf "%s-%d-%d-%d,%s,%d,Kommune %d,%d,%s,%s,%s,%s,%d,%s,%s-%d\n",
			    c, code, y, e, c, code, code, y, v,
			    a == 9 ? "total" : a, raw, norm, pop, sc, c, code
		}
	}
}
