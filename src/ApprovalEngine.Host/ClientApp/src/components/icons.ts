import { Tickets, DocumentAdd, Files, DataAnalysis, Stamp, Setting, Share, CircleCheck, OfficeBuilding, ChatDotRound, Calendar, Postcard, Warning, View } from '@element-plus/icons-vue'
import type { Component } from 'vue'

/** The menu's icons by name (utils/roles.ts SECTIONS): imported one by one, not the whole icon set. */
export const MENU_ICONS: Record<string, Component> = { Tickets, DocumentAdd, Files, DataAnalysis, Stamp, Setting, Share, CircleCheck, OfficeBuilding, ChatDotRound, Calendar, Postcard, Warning, View }
