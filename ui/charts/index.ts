/** supportsim charts: functions from (data, options) to a detached SVG element, composed with d3. */
export { PALETTE, OKABE_ITO, scenarioColour, INK, MUTED, GRID, CLOSED } from './palette.js';
export { formatDuration, formatPercent, formatNumber, formatCi, formatHourOfWeek, formatElapsedDays, DAY_NAMES } from './format.js';
export { DEFAULT_WIDTH, DEFAULT_HEIGHT, FONT_FAMILY, FONT_SIZE, type ChartOptions } from './common.js';
export { slaComplianceChart, type SlaDatum, type SlaChartOptions } from './slaChart.js';
export { distributionChart, quantileAt, type DistributionSeries, type DistributionChartOptions } from './distributionChart.js';
export { backlogChart, type BacklogSeries, type BacklogChartOptions } from './backlogChart.js';
export { occupancyHeatmap, occupancyColour, CLOSED_PATTERN_ID, type OccupancyRow, type HeatmapOptions } from './heatmap.js';
export { staffingDemandChart, type StaffingDemandData, type StaffingChartOptions } from './staffingChart.js';
export { tradeoffChart, type TradeoffDatum, type TradeoffChartOptions } from './tradeoffChart.js';
