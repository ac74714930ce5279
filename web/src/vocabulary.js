// Chinese names for the API's keys (docs/design.md, "Warnings" and "Teams") and the official signal colours.
export const LEVELS = {
  blue: { name: '蓝色', grade: 'Ⅳ级', colour: '#1e6fff' },
  yellow: { name: '黄色', grade: 'Ⅲ级', colour: '#ffd700' },
  orange: { name: '橙色', grade: 'Ⅱ级', colour: '#ff8000' },
  red: { name: '红色', grade: 'Ⅰ级', colour: '#e60000' },
};

export const SIGNAL_TYPES = {
  typhoon: '台风', rainstorm: '暴雨', blizzard: '暴雪', cold_wave: '寒潮', strong_wind: '大风',
  sandstorm: '沙尘暴', heat: '高温', drought: '干旱', lightning: '雷电', hail: '冰雹', frost: '霜冻',
  fog: '大雾', haze: '霾', road_icing: '道路结冰', forest_fire_risk: '森林火险',
  waterlogging_risk: '渍涝风险', geohazard_risk: '地质灾害气象风险', snow_disaster: '雪灾', dust: '沙尘',
};

export const WARNING_STATES = {
  draft: '草稿（待签发）', issued: '已发布', updated: '已更新', cancelled: '已解除', expired: '已过期',
};

export const MESSAGE_STATUS = { Actual: '实战', Exercise: '演练', Test: '测试' };

export const TEAM_STATUSES = {
  available: { name: '待命', colour: '#2e7d32' },
  notified: { name: '已通知', colour: '#f9a825' },
  en_route: { name: '赶赴途中', colour: '#1565c0' },
  on_scene: { name: '到达现场', colour: '#c62828' },
  returning: { name: '返回中', colour: '#6a1b9a' },
  unavailable: { name: '不可用', colour: '#757575' },
};

export const FRESHNESS = { fresh: '位置最新', aging: '位置稍旧', stale: '位置过时', lost: '失联' };

export const SPECIALTIES = {
  flood: '防汛排涝', fire: '消防灭火', search_rescue: '搜索救援', hazmat: '危化/燃气', medical: '医疗救护',
  snow: '除雪', logistics: '后勤保障', comms: '通信保障',
};

export const INCIDENT_TYPES = {
  earthquake: '地震', gas_leak: '燃气泄漏', hazmat: '危化品', fire: '火灾', grassland_fire: '草原火灾',
  search_rescue: '搜救', waterlogging: '内涝', landslide: '滑坡', collapse: '坍塌', debris_flow: '泥石流',
  oil_spill: '油品泄漏', power_outage: '停电', heating_outage: '供热中断',
};

// The scenario types of a drill (plans/drills), as the desk says them.
export const DRILL_TYPES = {
  earthquake: '地震', rainstorm: '暴雨内涝', gas_leak: '燃气泄漏', hazmat: '危化品泄漏', grassland_fire: '草原火灾',
  building_fire: '建筑火灾', search_rescue: '野外搜救',
};

export const ROLES = {
  duty_officer: '值班员', approver: '审批人', committee: '片区管委会', team: '救援队伍', viewer: '只读',
  admin: '管理员',
};

export const SHELTER_CLASS = { I: 'Ⅰ类', II: 'Ⅱ类', III: 'Ⅲ类' };

export function levelName(level) {
  return LEVELS[level]?.name || level || '';
}

export function signalTitle(w) {
  return `${SIGNAL_TYPES[w.type] || w.type}${levelName(w.level)}预警`;
}

export function isDrill(w) {
  return w?.status === 'Exercise' || w?.status === 'Test';
}

// The channels a warning goes out on, as the office names them (recipients.json `channels[].kind`).
const CHANNEL_NAMES = { webhook: 'Webhook', wecom: '企业微信', dingtalk: '钉钉', feishu: '飞书', sms: '短信', mqtt: 'MQTT', ebd: '应急广播' };
export const channelName = (kind) => CHANNEL_NAMES[kind] || kind;
