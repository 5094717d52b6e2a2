from django.contrib import admin

from digicampus.org.models import Bureau, Classroom, Grade, School, SchoolYear, SubjectGroup


@admin.register(Bureau)
class BureauAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "bureau")
    list_filter = ("level", "bureau")
    search_fields = ("code", "name")


@admin.register(SchoolYear)
class SchoolYearAdmin(admin.ModelAdmin):
    list_display = ("name", "school", "starts_on", "ends_on", "is_current")
    list_select_related = ("school",)
    search_fields = ("school__name", "name")


@admin.register(Grade)
class GradeAdmin(admin.ModelAdmin):
    list_display = ("number", "school_year", "school")
    list_select_related = ("school_year", "school")
    raw_id_fields = ("school", "school_year")


@admin.register(Classroom)
class ClassroomAdmin(admin.ModelAdmin):
    list_display = ("name", "school", "grade", "homeroom_teacher")
    list_select_related = ("school", "grade", "homeroom_teacher")
    search_fields = ("name", "school__name")
    raw_id_fields = ("school", "grade", "homeroom_teacher")


@admin.register(SubjectGroup)
class SubjectGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "school", "leader")
    list_select_related = ("school", "leader")
    raw_id_fields = ("school", "leader")
