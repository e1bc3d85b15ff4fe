# Ranking (rank-ID-YEAR, rankgroup-ID-YEAR for the evaluation's size
# group alone, and compare-ID-YEAR: one evaluation among the other
# country's): evaluations ranked by total score, coloured by evaluation
# year; the municipality's evaluations (or the one compared) outlined
# with their score; the published "normal score" band, when there is
# one, shaded behind the bars.
#   $R          rank (1, 2, ...), total score, year number (1 for the
#               earliest year, as Y), 1 if outlined else 0
#   L[i]        tic label of bar i: 'name year'
#   Y[j]        the years, oldest first, for the colour scale
#   kk_title (placed as a label), kk_xlabel, kk_ylabel
#   kk_key_ours legend of the outline: the municipality and its code
#   kk_key_year the colour scale's label (the evaluation year)
#   kk_ymax     the top of the scale (800 points)
#   kk_band     1: shade kk_band_low..kk_band_high, the published "normal
#               score" band, with the legend kk_key_band; 0: no band
# The years on a sequential scale (viridis, light to dark: older years
# lighter), one step per year present, so that no two years share a
# colour however many there are.  The scale is a strip beside the plot
# with the years as its tics, and the legend sits above the plot: the
# bars are never covered.
array kk_vr[6] = [253, 144, 53, 33, 49, 68]
array kk_vg[6] = [231, 215, 183, 145, 104, 57]
array kk_vb[6] = [37, 67, 121, 140, 142, 131]
# t in 0..1 along the scale: segment kk_k(t) of five, fraction kk_f(t)
kk_k(t) = (t >= 1 ? 5 : int(t * 5) + 1)
kk_f(t) = t * 5 - (kk_k(t) - 1)
kk_r(t) = (kk_vr[kk_k(t)] + (kk_vr[kk_k(t) + 1] - kk_vr[kk_k(t)]) * kk_f(t)) / 255.
kk_g(t) = (kk_vg[kk_k(t)] + (kk_vg[kk_k(t) + 1] - kk_vg[kk_k(t)]) * kk_f(t)) / 255.
kk_b(t) = (kk_vb[kk_k(t)] + (kk_vb[kk_k(t) + 1] - kk_vb[kk_k(t)]) * kk_f(t)) / 255.
# one step per year: year j of |Y| (gray in its |Y|-th of 0..1) at
# (j - 1) / (|Y| - 1) along the scale, the oldest at 0, the newest at 1
kk_step(gray) = |Y| > 1 ? (gray * |Y| >= |Y| ? |Y| - 1 : \
    floor(gray * |Y|)) / (|Y| - 1.) : 0.5
set palette model RGB functions kk_r(kk_step(gray)), \
    kk_g(kk_step(gray)), kk_b(kk_step(gray))
set cbrange [0.5:|Y| + 0.5]
if (|Y| > 1) {
  set cbtics () scale 0 font ',9'
  do for [j=1:|Y|] { set cbtics add (Y[j] j) }
  set cblabel kk_key_year noenhanced offset 1,0
  set colorbox user vertical origin screen 0.915, screen 0.4 \
      size screen 0.018, screen 0.48 bdefault
} else {
  # one year: one colour, no scale to read (the tic labels name it)
  unset colorbox
}
# the title as a label at the top, the legend under it: a title would
# follow the top margin down onto the legend
set label 1002 kk_title at screen 0.5, screen 0.965 center font ',12' \
    noenhanced
# gnuplot puts the xlabel at the foot of a fixed margin, on the
# footnote: place it under the tic labels by hand
set label 1003 kk_xlabel at screen 0.48, screen 0.09 center noenhanced
set ylabel kk_ylabel noenhanced
set xrange [0.5:|L| + 0.5]
set yrange [0:kk_ymax]
set ytics 100 nomirror
set grid ytics
# smaller names the more bars there are
set xtics rotate by 90 right nomirror \
    font ','.(|L| > 120 ? 6 : |L| > 60 ? 8 : 10)
set style fill solid 0.9 border -1
set boxwidth 0.8 absolute
set key at screen 0.48, screen 0.925 center horizontal noopaque \
    samplen 2 spacing 1.1
set tmargin at screen 0.88
set rmargin at screen 0.86
set bmargin at screen 0.36
if (kk_band) {
  set object 1 rectangle from graph 0, first kk_band_low \
      to graph 1, first kk_band_high behind \
      fc rgb '#d9d9d9' fs solid 0.6 noborder
}
plot $R using 1:2:3:xtic(L[int($1)]) with boxes lc palette notitle, \
     $R using 1:($4 > 0 ? $2 : NaN) with boxes fs empty \
        border rgb 'black' lw 4 lc rgb 'black' title kk_key_ours, \
     $R using 1:($4 > 0 ? $2 : NaN):(sprintf('%.0f', $2)) with labels \
        offset 0,0.8 notitle, \
     for [b=1:kk_band] keyentry with boxes fs solid 0.6 \
        lc rgb '#d9d9d9' title kk_key_band
