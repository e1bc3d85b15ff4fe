# Radar (radar-ID-YEAR): one evaluation's area scores against the
# average of the country's evaluations of the last eight years.
#   $S          two rows, one value per axis: the evaluation's scores,
#               then the averages
#   A[p]        label of axis p (the area's number and name); areas the
#               evaluation has no score for are not among them
#   K[1], K[2]  legend of the two rows
#   kk_title    placed as a label: a title would take room from the radar
#   kk_rmax     the outer end of each axis (100 points)
set label 1002 kk_title at screen 0.5, screen 0.97 center font ',13' \
    noenhanced
set spiderplot
set style spiderplot fs transparent solid 0.25 border lw 2
set for [p=1:|A|] paxis p range [0:kk_rmax]
set for [p=2:|A|] paxis p tics format ''
set paxis 1 tics 20
set grid spiderplot
set lmargin at screen 0.25
set rmargin at screen 0.75
set tmargin at screen 0.86
set bmargin at screen 0.2
# the legend under the radar, clear of the lowest axis' label
set key at screen 0.5, screen 0.065 center bottom box opaque
# Axis labels pushed outward along their axis (axis 1 points up, the
# rest follow clockwise), so that they clear the axis ends.  gnuplot
# 5.4.4 mirrors the offset of labels on the left half: flip it there.
do for [p=1:|A|] {
  kk_angle = pi / 2 - 2 * pi * (p - 1) / |A|
  kk_dx = 2.5 * cos(kk_angle)
  kk_dy = 0.6 * sin(kk_angle)
  if (kk_dx < -1e-9) {
    kk_dx = -kk_dx
    kk_dy = -kk_dy
  }
  # in steps of a hundredth of a character
  set paxis p label A[p] \
      offset sprintf('%.2f', kk_dx) + 0, sprintf('%.2f', kk_dy) + 0
}
plot for [i=1:|A|] $S using i notitle, \
     keyentry with spiderplot lc 1 title K[1], \
     keyentry with spiderplot lc 2 title K[2]
